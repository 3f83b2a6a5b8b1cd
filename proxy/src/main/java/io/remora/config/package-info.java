/** Loading Envoy bootstrap YAML/JSON into the v3 API messages, v2 translation, validation. */
package io.remora.config;
