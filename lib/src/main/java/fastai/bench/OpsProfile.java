package fastai.bench;

import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

import fastai.models.MiniVgg;
import fastai.onednn.OneDnn;
import fastai.train.Fit;

/**
 * Where a training step's time goes, op by op: {@code ./fastai bench --ops mnist|cnn150|minivgg}.
 * Times plain steps first, then the same number of steps under ND4J's {@link OpProfiler}
 * (which adds its own overhead, printed beside) and prints its dashboard; the section
 * "Time spent for long Op calls" divided by the steps gives milliseconds per step and op.
 */
public final class OpsProfile {
    private OpsProfile() { }

    /** The bench's net for {@code name} (the timed parts of {@link Bench} and this profile use the same). */
    static ComputationGraph net(String name) {
        return switch (name) {
            case "mnist" -> Nets.mnistCnn(1);
            case "mnistbn" -> Nets.mnistBn(1);
            case "cnn150" -> Nets.cnn150(1);
            case "minivgg" -> MiniVgg.network(MiniVgg.SIDE, MiniVgg.FILTERS, MiniVgg.DENSE, 8, Fit.SEED);
            default -> throw new IllegalArgumentException("--ops takes mnist, mnistbn, cnn150 or minivgg, not '" + name + "'");
        };
    }

    static DataSet batch(String name) {
        return switch (name) {
            case "cnn150" -> Nets.randomBatch(32, 3, 150, 1, 2);
            case "minivgg" -> Nets.randomBatch(64, 1, 28, 8, 3);
            default -> Nets.randomBatch(64, 1, 28, 10, 1);
        };
    }

    static void run(String name, int steps) {
        ComputationGraph g = net(name);
        DataSet ds = batch(name);
        OneDnn.install(g);
        Bench.warmUp(() -> g.fit(ds));
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) g.fit(ds);
        double plain = (System.nanoTime() - t0) / 1e6 / steps;
        OpExecutioner ex = Nd4j.getExecutioner();
        ex.setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        OpProfiler.getInstance().reset();
        t0 = System.nanoTime();
        try {
            for (int i = 0; i < steps; i++) g.fit(ds);
        } finally {
            ex.setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        }
        double profiled = (System.nanoTime() - t0) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "%s: %.1f ms per step (%.0f img/s), %.1f ms per step while profiled; "
                + "the op times below are totals over %d steps%n", name, plain, ds.numExamples() * 1000 / plain, profiled, steps);
        OpProfiler.getInstance().printOutDashboard();
    }
}
