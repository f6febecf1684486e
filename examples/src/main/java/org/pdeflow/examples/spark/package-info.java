/**
 * The one place where pdeflow touches Apache Spark: {@link org.pdeflow.examples.spark.SparkJobs} runs a list of
 * coarse, independent units of work (dataset shards, benchmark cells, measurement files, ensemble particles) as Spark
 * tasks, one partition per unit, and brings their results back to the driver in input order.
 *
 * <p>The units themselves are ordinary Spark-free pdeflow code: a {@link org.pdeflow.examples.jobs.Task} is a
 * serializable function from a unit to its result, and the command-line program builds it from its own arguments,
 * so an executor rebuilds exactly the objects the local path uses. Failures (a bad master URL, a task that throws)
 * become one-line errors. The ArchUnit layering test keeps {@code org.apache.spark} out of every other package.
 */
package org.pdeflow.examples.spark;
