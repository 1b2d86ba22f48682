package fastai.models;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;
import fastai.train.History;
import fastai.Utils;

/** Lesson 3's split at the last convolution: features, saved features, the dense part alone, joining back. */
class ConvSplitTest {
    @TempDir Path tmp;

    static MiniVgg tiny() {
        return MiniVgg.create(List.of("a", "b"), new int[] {4, 8}, 16, 7);
    }

    static INDArray images(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n, 1, 28, 28).muli(255);
    }

    @Test
    void splitsAtTheLastConvolutionAndComposesToTheWholeModel() {
        MiniVgg m = tiny();
        ConvSplit s = ConvSplit.atLastConv(m);
        assertEquals("block2_conv2", s.layerName());
        assertEquals(4, s.index());
        assertArrayEquals(new long[] {8, 14, 14}, s.featureShape());
        INDArray x = images(6, 1);
        INDArray f = s.features(x);
        assertArrayEquals(new long[] {6, 8, 14, 14}, f.shape());
        INDArray viaSplit = s.densePart().outputSingle(false, f);
        INDArray whole = m.predict(x).probabilities();
        assertTrue(whole.equalsWithEps(viaSplit, 1e-6), "conv part then dense part must equal the whole model");
        // and joined back together
        INDArray joined = s.join(s.densePart()).predict(x).probabilities();
        assertTrue(whole.equalsWithEps(joined, 1e-6));
    }

    @Test
    void savedAndLoadedFeaturesGiveTheSameHeadPredictions() {
        MiniVgg m = tiny();
        ConvSplit s = ConvSplit.atLastConv(m);
        INDArray f = s.features(images(5, 2));
        Path file = Utils.saveArray(tmp.resolve("feat.npy"), f);
        INDArray back = Utils.loadArray(file);
        assertEquals(f, back);
        var dense = s.densePart();
        assertEquals(dense.outputSingle(false, f), dense.outputSingle(false, back));
    }

    @Test
    void denseTrainingOnFeaturesLowersTheLossAndJoinKeepsIt() {
        MiniVgg m = tiny();
        ConvSplit s = ConvSplit.atLastConv(m);
        INDArray x = images(64, 3);
        // a learnable rule on the images: is the top half brighter than the bottom half?
        int[] y = new int[64];
        for (int i = 0; i < 64; i++) {
            INDArray img = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
            double top = img.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 14)).sumNumber().doubleValue();
            double bottom = img.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(14, 28)).sumNumber().doubleValue();
            y[i] = top > bottom ? 1 : 0;
        }
        INDArray f = s.features(x), labels = Utils.onehot(y, 2);
        var dense = FeatureFit.withUpdater(Dropout.remove(s.densePart()), new Adam(1e-2));
        double before = FeatureFit.evaluate(dense, f, labels, 32).loss();
        INDArray fCopy = f.dup(), labelsCopy = labels.dup();
        History h = FeatureFit.fit(dense, f, labels, f, labels, o -> o.epochs(12).batchSize(16).seed(1).quiet(true));
        assertEquals(12, h.size());
        assertEquals(fCopy, f, "fit shuffles its own copy, never the caller's features");
        assertEquals(labelsCopy, labels);
        assertTrue(h.last().valLoss() < before * 0.8, "loss should fall: " + before + " -> " + h.last().valLoss());
        // the best constant guess predicts the label frequencies and scores their entropy
        double share = java.util.Arrays.stream(y).sum() / 64.0;
        double constant = -(share * Math.log(share) + (1 - share) * Math.log(1 - share));
        System.out.printf("dense part on features: loss %.4f -> %.4f; the label frequencies score %.4f%n", before, h.last().valLoss(), constant);
        assertTrue(h.last().valLoss() < constant, "loss " + h.last().valLoss() + " should be below the constant guess's " + constant);
        INDArray joined = s.join(dense).predict(x).probabilities();
        double diff = Transforms.abs(joined.sub(FeatureFit.output(dense, f, 32))).maxNumber().doubleValue();
        assertTrue(diff < 1e-5, "joined model must predict what the trained dense part predicts on the features; max diff " + diff);
    }

    @Test
    void featureFitRefusesMismatchedArrays() {
        var dense = ConvSplit.atLastConv(tiny()).densePart();
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureFit.fit(dense, Nd4j.zeros(DataType.FLOAT, 4, 8, 14, 14),
                Nd4j.zeros(DataType.FLOAT, 3, 2), null, null, 1, 2, 1, null, true));
        assertTrue(e.getMessage().contains("4 rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureFit.fit(dense, Nd4j.zeros(DataType.FLOAT, 4, 8, 14, 14),
                Nd4j.zeros(DataType.FLOAT, 4, 2), null, null, 1, 0, 1, null, true));
    }

    @Test
    void badSplitsAreClearErrors() {
        MiniVgg m = tiny();
        var e = assertThrows(IllegalArgumentException.class, () -> ConvSplit.at(m, 42));
        assertTrue(e.getMessage().contains("layerIndex 42"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvSplit.at(m, -1));
        assertThrows(IllegalArgumentException.class, () -> ConvSplit.at(m, 8));   // nothing would be left for the dense part
        MiniVgg noConv = MiniVgg.create(List.of("a", "b"), new int[0], 16, 7);
        var e2 = assertThrows(IllegalArgumentException.class, () -> ConvSplit.atLastConv(noConv));
        assertTrue(e2.getMessage().contains("no convolution layer"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvSplit.atLastConv(null));
    }
}
