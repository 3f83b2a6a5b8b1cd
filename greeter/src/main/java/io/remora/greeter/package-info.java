/** The seed lab's birthday greeter. */
package io.remora.greeter;
