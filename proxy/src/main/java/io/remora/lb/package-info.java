/** Load balancers, one class each; each instance belongs to one event loop. */
package io.remora.lb;
