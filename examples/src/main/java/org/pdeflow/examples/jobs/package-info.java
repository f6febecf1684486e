/**
 * Lists of independent units of work (benchmark cells, measurement files, ensemble particles) run where the user
 * chose: {@link org.pdeflow.examples.jobs.LocalJobs} on this JVM's threads, or the Spark tasks of
 * {@code org.pdeflow.examples.spark.SparkJobs}. A unit's work is a serializable {@link org.pdeflow.examples.jobs.Task}
 * so that both run the very same code; results come back in input order either way.
 */
package org.pdeflow.examples.jobs;
