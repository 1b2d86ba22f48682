package fastai.models;

import fastai.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import fastai.train.EpochHistoryListener;
import fastai.BatchOptions;
import fastai.Batches;
import fastai.OneHot;

/** Bottleneck features: the base's output, saved and loaded exactly, and the small classifier on them. */
class BottleneckTest {
    @TempDir Path tmp;

    static BatchOptions opts() {
        return BatchOptions.defaults().size(MiniVgg.SIDE).channels(1).batchSize(5).shuffle(false);
    }

    @Test void savedAndLoadedFeaturesGiveIdenticalClassifierOutputs() {
        Path data = Fixtures.learnable(tmp.resolve("data"), 6, 28, 1);
        MiniVgg base = MiniVgg.create(List.of("dark", "light"), new int[] {4, 8}, 16, 3);
        Batches b = Batches.open(data, opts());
        assertEquals("block2_pool", Bottleneck.cutAt(base.graph()));

        Bottleneck.Features f1 = Bottleneck.features(base, b, tmp.resolve("features"), "train");
        assertFalse(f1.loaded());
        assertEquals(12, f1.count());
        assertEquals(8 * 7 * 7, f1.size(), "8 filters on 7x7 after two 2x2 poolings of 28x28");
        assertTrue(Files.isRegularFile(tmp.resolve("features/train-features.npy")));

        // The same as the base's own activation at the cut, image by image.
        INDArray x0 = base.prepare(b.next().getFeatures());
        INDArray a = base.graph().feedForward(x0, false).get("block2_pool");
        assertEquals(a.reshape(a.size(0), -1), f1.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));

        Bottleneck.Features f2 = Bottleneck.features(base, b, tmp.resolve("features"), "train");
        assertTrue(f2.loaded(), "second call reads the files");
        assertEquals(f1.x(), f2.x());
        assertEquals(f1.y(), f2.y());
        ComputationGraph top = Bottleneck.classifier(f1.size(), 8, 2, 1e-3, 5);
        assertEquals(top.outputSingle(f1.x()), top.outputSingle(f2.x()), "identical classifier outputs");

        // Another model (other weights) does not reuse the saved features.
        MiniVgg other = MiniVgg.create(List.of("dark", "light"), new int[] {4, 8}, 16, 4);
        assertFalse(Bottleneck.features(other, b, tmp.resolve("features"), "train").loaded());
    }

    @Test void theClassifierLearnsFromFeatures() {
        Path data = Fixtures.learnable(tmp.resolve("data"), 20, 28, 2);
        MiniVgg base = MiniVgg.create(List.of("dark", "light"), new int[] {4, 8}, 16, 3);
        Bottleneck.Features f = Bottleneck.compute(base, Batches.open(data, opts()));
        ComputationGraph top = Bottleneck.classifier(f.size(), 16, 2, 1e-3, 5);
        double before = EpochHistoryListener.evaluate(top, f.batches(10, -1))[0];
        for (int e = 0; e < 15; e++) top.fit(f.batches(10, e));
        double[] after = EpochHistoryListener.evaluate(top, f.batches(10, -1));
        assertTrue(after[0] < before * 0.7, "loss falls: " + before + " -> " + after[0]);
        System.out.printf("bottleneck classifier: loss %.4f -> %.4f (uniform guess ln 2 = %.4f), accuracy %.3f%n", before, after[0], Math.log(2), after[1]);
        assertTrue(after[0] < Math.log(2), "loss " + after[0] + " should be below the uniform guess ln 2");
        assertTrue(after[1] >= 0.9, "accuracy " + after[1]);
    }

    @Test void badInputIsAClearError() throws Exception {
        MiniVgg base = MiniVgg.create(List.of("a", "b"), new int[] {4, 8}, 16, 3);
        Path loose = tmp.resolve("loose");
        Fixtures.grayPng(loose.resolve("x.png"), 28, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Bottleneck.features(base, Batches.open(loose, opts()), tmp, "t"));
        assertTrue(e.getMessage().contains("no class folders") && e.getMessage().contains("loose"), e.getMessage());
        Path data = Fixtures.learnable(tmp.resolve("data"), 2, 28, 1);
        e = assertThrows(IllegalArgumentException.class, () -> Bottleneck.compute(base, Batches.open(data, opts().shuffle(true))));
        assertTrue(e.getMessage().contains("shuffle(false)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Bottleneck.compute(base, Batches.open(data, opts().size(32))));
        assertTrue(e.getMessage().contains("28x28x1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Bottleneck.classifier(10, 8, 1, 1e-3, 1));
        assertTrue(e.getMessage().contains("numClasses"), e.getMessage());
    }

    @Test void shuffledBatchesArePermutationsWithLabelsKeptWithTheirRows() {
        INDArray x = org.nd4j.linalg.factory.Nd4j.arange(0, 22).reshape(11, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = OneHot.encode(new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0}, 2);
        var f = new Bottleneck.Features(x, y, List.of(), List.of("a", "b"), false);
        var seen = new java.util.TreeSet<Integer>();
        var it = f.batches(4, 9);
        int batches = 0;
        boolean moved = false;
        while (it.hasNext()) {
            var d = it.next();
            assertTrue(d.numExamples() == 4 || (d.numExamples() == 3 && !it.hasNext()));
            for (int r = 0; r < d.numExamples(); r++) {
                int row = d.getFeatures().getInt(r, 0) / 2;
                assertEquals(2 * row + 1, d.getFeatures().getInt(r, 1));
                assertEquals(row % 2, d.getLabels().getInt(r, 1), "label travels with its row");
                assertTrue(seen.add(row), "row " + row + " twice");
                moved |= row != batches * 4 + r;
            }
            batches++;
        }
        assertEquals(11, seen.size());
        assertTrue(moved, "seed 9 changes the order");
        assertEquals(x.getRow(0), f.batches(4, -1).next().getFeatures().getRow(0), "seed < 0 keeps the order");
    }
}
