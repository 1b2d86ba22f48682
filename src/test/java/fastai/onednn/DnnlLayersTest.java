package fastai.onednn;

import static fastai.onednn.Compare.*;
import static fastai.onednn.Compare.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

import fastai.bench.Nets;

/**
 * {@link OneDnn#install} on the {@code dnnl} path gives the bench's nets our pooling and batch-norm
 * helpers, and they train as DL4J's own path does (alone and beside the convolution helper), also two
 * nets at once in two threads.
 */
class DnnlLayersTest {
    @BeforeEach
    void needsTheDnnlPath() {
        Assumptions.assumeTrue(OneDnn.wanted() && OneDnn.path() == OneDnn.Path.DNNL, "only on the dnnl path (-Dfastai.onednn=dnnl)");
    }

    @Test
    void mnistBatchNormTrainsAsDl4jDoes() {
        twoSteps(Nets.mnistBn(5), Nets.randomBatch(16, 1, 28, 10, 6), 2, 5);
    }

    @Test
    void mnistBatchNormTakesTheSameSgdSteps() {
        // with plain SGD a step is lr * gradient, so two steps (and the running statistics) must agree closely
        ComputationGraph reference = withSgd(Nets.mnistBn(5)), ours = reference.clone();
        DataSet ds = Nets.randomBatch(16, 1, 28, 10, 6);
        assertEquals(7, DnnlLayers.installOn(ours.getLayers()));
        for (int i = 0; i < 2; i++) {
            reference.fit(ds);
            ours.fit(ds);
        }
        assertNoFallback(ours);
        for (Map.Entry<String, INDArray> e : reference.paramTable().entrySet())
            assertClose(e.getKey() + " after 2 SGD steps", e.getValue(), ours.getParam(e.getKey()), 1e-5);
        assertClose("output after 2 SGD steps", reference.outputSingle(false, ds.getFeatures()),
                ours.outputSingle(false, ds.getFeatures()), 1e-5);
    }

    private static ComputationGraph withSgd(ComputationGraph g) {
        ComputationGraphConfiguration conf = g.getConfiguration().clone();
        for (GraphVertex v : conf.getVertices().values())
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer b) b.setIUpdater(new Sgd(0.05));
        ComputationGraph out = new ComputationGraph(conf);
        out.init(g.params().dup(), true);
        return out;
    }

    @Test
    void mnistCnnTrainsAsDl4jDoes() {
        twoSteps(Nets.mnistCnn(5), Nets.randomBatch(16, 1, 28, 10, 6), 2, 0);
    }

    @Test
    void theOtherPathsAndUninstallLeaveDl4jsOwn() {
        String before = System.getProperty("fastai.onednn");
        ComputationGraph g = Nets.mnistBn(1);
        try {
            System.setProperty("fastai.onednn", "libnd4j");
            OneDnn.install(g);
            assertEquals(0, ours(g)[0] + ours(g)[1], "-Dfastai.onednn=libnd4j: no helper of ours");
        } finally {
            if (before == null) System.clearProperty("fastai.onednn"); else System.setProperty("fastai.onednn", before);
        }
        OneDnn.install(g);
        assertEquals(7, ours(g)[0] + ours(g)[1]);
        OneDnn.uninstall(g);
        assertEquals(0, ours(g)[0] + ours(g)[1]);
        assertTrue(g.getConfiguration().toJson().contains("BatchNormalization"));
        assertFalse(g.getConfiguration().toJson().contains("fastai"), "the configuration (a saved model) names no class of ours");
    }

    @Test
    void twoNetsTrainAtOnceInTwoThreads() throws Exception {
        DataSet ds = Nets.randomBatch(16, 1, 28, 10, 8);
        ComputationGraph reference = Nets.mnistBn(9);
        List<ComputationGraph> nets = List.of(reference.clone(), reference.clone());
        DnnlLayers.installOn(reference.getLayers());
        for (int i = 0; i < 3; i++) reference.fit(ds);   // the same helpers, one net at a time
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (ComputationGraph g : nets) {
                assertEquals(7, DnnlLayers.installOn(g.getLayers()));
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 3; i++) g.fit(ds);
                }));
            }
            for (Future<?> f : runs) f.get();
        } finally {
            pool.shutdown();
        }
        assertNoFallback(reference);
        for (ComputationGraph g : nets) {
            assertNoFallback(g);
            assertClose("parameters after 3 steps in a thread of its own", reference.params(), g.params(), 1e-5);
        }
    }

    /**
     * Our helpers alone against DL4J's own path: equal to float rounding (max pooling bit for bit; see
     * below for a bias before a batch norm).
     * Then with everything {@link OneDnn#install} puts on the net (the convolution helper too): gradients
     * within 1e-3 as in {@code FastPathTest}; after two Adam steps within 4e-3, because Adam's first steps
     * move a weight whose gradient is about 0 by up to its learning rate (1e-3) either way, whichever sign
     * rounding gives that gradient (measured: 2e-3 on mnistCnn(5) from the convolution helper alone).
     */
    private static void twoSteps(ComputationGraph reference, DataSet ds, int pools, int batchNorms) {
        ComputationGraph ours = reference.clone(), full = reference.clone();
        OneDnn.uninstall(reference);
        assertEquals(pools + batchNorms, DnnlLayers.installOn(ours.getLayers()));
        OneDnn.install(full);
        assertArrayEquals(new int[] {pools, batchNorms}, ours(full), "our helpers on every max-pooling and batch-norm layer");
        assertArrayEquals(new int[] {0, 0}, ours(reference));
        INDArray x = ds.getFeatures();
        assertClose("output", reference.outputSingle(false, x), ours.outputSingle(false, x), 1e-5);
        assertClose("output, all helpers", reference.outputSingle(false, x), full.outputSingle(false, x), 1e-4);
        Gradient gr = gradient(reference, ds), go = gradient(ours, ds), gf = gradient(full, ds);
        for (String k : gr.gradientForVariable().keySet()) {
            assertClose("gradient " + k, gr.getGradientFor(k), go.getGradientFor(k), 1e-4);
            assertClose("gradient " + k + ", all helpers", gr.getGradientFor(k), gf.getGradientFor(k), 1e-3);
        }
        for (int i = 0; i < 2; i++) {
            reference.fit(ds);
            ours.fit(ds);
            full.fit(ds);
        }
        assertNoFallback(ours);
        assertNoFallback(full);
        // Adam's first steps move a weight whose gradient is ~0 by up to lr (1e-3) either way, whichever sign rounding gives it
        assertClose("parameters after 2 Adam steps", reference.params(), ours.params(), 4e-3);
        assertClose("parameters after 2 steps, all helpers", reference.params(), full.params(), 4e-3);
        assertClose("output after 2 steps", reference.outputSingle(false, x), ours.outputSingle(false, x), 1e-3);
        assertClose("training-mode output after 2 steps", reference.outputSingle(true, x), ours.outputSingle(true, x), 1e-3);
    }


    /**
     * DL4J catches a helper's exception, logs it and runs its own path instead (counting it in the
     * layer's {@code helperCountFail}); a comparison with DL4J's numbers would then pass unseen.
     */
    static void assertNoFallback(ComputationGraph g) {
        for (Layer l : g.getLayers()) {
            Class<?> c = l.getClass();
            if (c != org.deeplearning4j.nn.layers.normalization.BatchNormalization.class
                    && c != org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class) continue;
            try {
                java.lang.reflect.Field f = c.getDeclaredField("helperCountFail");
                f.setAccessible(true);
                assertEquals(0, f.getInt(l), l.conf().getLayer().getLayerName() + ": the helper failed and DL4J fell back");
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** How many layers carry our pooling helper and our batch-norm helper. */
    private static int[] ours(ComputationGraph g) {
        int[] n = new int[2];
        for (Layer l : g.getLayers()) {
            if (l.getHelper() instanceof DnnlPoolingHelper) n[0]++;
            if (l.getHelper() instanceof DnnlBatchNormHelper) n[1]++;
        }
        return n;
    }
}
