/**
 * Training data for operator learning: in-memory (input, target) field pairs
 * ({@link org.pdeflow.operators.data.FieldPairs}) and their sources (Darcy pairs generated with
 * the reference solver, pairs read from pdeflow HDF5 / NumPy files).
 */
package org.pdeflow.operators.data;
