/**
 * Access logs: Envoy's command-operator formatter, and the file, stdout and stderr loggers that
 * write through one background writer per file.
 */
package io.remora.accesslog;
