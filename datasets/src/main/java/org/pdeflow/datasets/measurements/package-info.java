/**
 * Sensor measurements for inverse problems: the measurement-file format
 * ({@link org.pdeflow.datasets.measurements.MeasurementReader},
 * {@link org.pdeflow.datasets.measurements.MeasurementWriter}, specified in
 * {@code docs/measurement-files.md}), observations given on the grid
 * ({@link org.pdeflow.datasets.measurements.GriddedObservations}), the in-memory model
 * ({@link org.pdeflow.datasets.measurements.Reading},
 * {@link org.pdeflow.datasets.measurements.Measurements}) and the bilinear observation operator
 * that samples grid fields at the sensors ({@link org.pdeflow.datasets.measurements.PointObservation}).
 */
package org.pdeflow.datasets.measurements;
