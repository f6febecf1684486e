/**
 * The parts of {@code pdeflow demo}, the Darcy inverse problem from end to end:
 * {@link org.pdeflow.examples.demo.DarcyDemoCase} (a true permeability, its pressure and noisy readings
 * written as a user's files), {@link org.pdeflow.examples.demo.DarcyDemoSettings} (the methods and
 * their budgets), {@link org.pdeflow.examples.demo.DemoMethodResult} (each method judged by the
 * pressure its permeability implies) and {@link org.pdeflow.examples.demo.DarcyDemoReport} (the
 * self-contained HTML report with figures and the numbers as JSON).
 */
package org.pdeflow.examples.demo;
