/** The admin server: Envoy's admin endpoints and output formats, on its own event loop. */
package io.remora.admin;
