package org.pdeflow.operators.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (AdamW; Kingma and Ba 2015, Loshchilov and Hutter 2019), with
 * its whole state (step count, first and second moments) saveable, so a resumed run continues
 * exactly where it stopped. For every parameter w with gradient g, at step t = 1, 2, ...:
 * <pre>
 *   m = b1 m + (1 - b1) g,     v = b2 v + (1 - b2) g^2,
 *   w = w - lr(t-1) ( m / (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps) + wd w ).
 * </pre>
 * The update is done in place outside any gradient recording, then the gradient is zeroed
 * (PyTorch accumulates gradients across backward calls). DJL's own Adam keeps its moments private,
 * which rules out an exact resume; hence this small class.
 */
public final class AdamOptimizer implements AutoCloseable {

    private final LearningRateSchedule schedule;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray> first = new HashMap<>();
    private final Map<String, NDArray> second = new HashMap<>();
    private long step;

    /**
     * @param schedule learning rate per step
     * @param weightDecay decoupled weight decay wd &gt;= 0 (FNO: 1e-4)
     * @param manager parent of the manager that will own the moments (e.g. the model's)
     */
    public AdamOptimizer(LearningRateSchedule schedule, double weightDecay, NDManager manager) {
        this(schedule, 0.9, 0.999, 1e-8, weightDecay, manager);
    }

    /**
     * @param schedule learning rate per step
     * @param beta1 first-moment decay in [0, 1)
     * @param beta2 second-moment decay in [0, 1)
     * @param epsilon denominator floor, positive
     * @param weightDecay decoupled weight decay, &gt;= 0
     * @param manager parent of the manager that will own the moments
     */
    public AdamOptimizer(
            LearningRateSchedule schedule,
            double beta1,
            double beta2,
            double epsilon,
            double weightDecay,
            NDManager manager) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta < 1, epsilon > 0, weight decay >= 0");
        }
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.stateManager = manager.newSubManager();
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return step;
    }

    /** The learning rate the next step will use. */
    public double currentRate() {
        return schedule.at(step);
    }

    /**
     * Updates every trainable parameter from its gradient and zeroes the gradients.
     *
     * @param parameters the block's parameters ({@code block.getParameters()})
     */
    public void update(ParameterList parameters) {
        double lr = schedule.at(step);
        step++;
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        for (Pair<String, Parameter> p : parameters) {
            Parameter param = p.getValue();
            if (!param.requiresGradient()) {
                continue;
            }
            NDArray w = param.getArray();
            NDArray m = first.computeIfAbsent(
                    p.getKey(), k -> stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            NDArray v = second.computeIfAbsent(
                    p.getKey(), k -> stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            // every temporary of this update lives in 'scope': results attach to their first operand's manager
            try (NDManager scope = stateManager.newSubManager()) {
                NDArray g = w.getGradient();
                g.attach(scope);
                scope.tempAttachAll(m, v, w);
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denominator = v.div(c2).sqrt().addi(epsilon);
                NDArray delta = m.div(c1).divi(denominator);
                if (weightDecay > 0) {
                    delta.addi(w.mul(weightDecay));
                }
                w.subi(delta.muli(lr));
                g.subi(g);
            }
        }
    }

    /**
     * Writes the moments and the step count (DJL NDList encoding).
     *
     * @param out destination stream
     * @throws IOException when writing fails
     */
    public void save(OutputStream out) throws IOException {
        NDList list = new NDList();
        try (NDManager scope = stateManager.newSubManager()) {
            NDArray count = scope.create(new long[] {step});
            count.setName("step");
            list.add(count);
            for (Map.Entry<String, NDArray> e : first.entrySet()) {
                NDArray m = e.getValue().duplicate();
                m.attach(scope);
                m.setName("m:" + e.getKey());
                NDArray v = second.get(e.getKey()).duplicate();
                v.attach(scope);
                v.setName("v:" + e.getKey());
                list.add(m);
                list.add(v);
            }
            list.encode(out);
        }
    }

    /**
     * Restores the state written by {@link #save}, replacing the current one.
     *
     * @param in source stream
     * @param parameters the parameters the moments belong to (names and shapes are checked)
     * @throws IOException when reading fails
     * @throws IllegalArgumentException when the state does not match the parameters
     */
    public void load(InputStream in, ParameterList parameters) throws IOException {
        NDList list = NDList.decode(stateManager, in);
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            byName.put(p.getKey(), p.getValue());
        }
        first.values().forEach(NDArray::close);
        second.values().forEach(NDArray::close);
        first.clear();
        second.clear();
        for (NDArray a : list) {
            String name = a.getName();
            if ("step".equals(name)) {
                step = a.getLong();
                a.close();
                continue;
            }
            if (name == null || name.length() < 3 || name.charAt(1) != ':') {
                throw new IllegalArgumentException("optimizer state holds an unnamed array");
            }
            String key = name.substring(2);
            Parameter param = byName.get(key);
            if (param == null || !param.getArray().getShape().equals(a.getShape())) {
                throw new IllegalArgumentException(
                        "optimizer state for '" + key + "' " + a.getShape() + " does not match the model's parameters");
            }
            NDArray placed = a.toDevice(param.getArray().getDevice(), false);
            if (placed != a) {
                placed.attach(stateManager);
            }
            (name.charAt(0) == 'm' ? first : second).put(key, placed);
        }
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
