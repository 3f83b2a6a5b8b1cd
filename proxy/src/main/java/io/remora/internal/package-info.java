/** Small Netty helpers; not API. */
package io.remora.internal;
