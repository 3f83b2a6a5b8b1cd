/** Route tables: virtual hosts by domain, routes by path and headers, compiled once. */
package io.remora.route;
