/** HTTP stream model: filter interfaces, the filter manager, local replies, stream info. */
package io.remora.http;
