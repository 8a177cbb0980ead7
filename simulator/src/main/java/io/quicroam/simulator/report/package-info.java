/** The outputs of {@code quicroam simulate}: a summary table, JSON for scripts, and an offline HTML page with charts. */
package io.quicroam.simulator.report;
