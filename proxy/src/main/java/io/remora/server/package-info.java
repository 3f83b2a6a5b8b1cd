/** Bootstrap, main, workers, lifecycle, drain. */
package io.remora.server;
