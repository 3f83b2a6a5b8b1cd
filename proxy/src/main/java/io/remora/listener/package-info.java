/** Listeners: binding, filter chain selection, and the network filter contract. */
package io.remora.listener;
