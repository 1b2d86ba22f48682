package fastai.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fastai.models.MiniVgg;

class ArchTest {
    static MiniVgg tiny() { return MiniVgg.create(List.of("a", "b"), new int[] {4, 8}, 16, 1); }

    @Test void convBaseKeepsThePretrainedWeightsAndTakesAnySize() {
        MiniVgg m = tiny();
        INDArray raw = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28).muli(255);
        ConvBase b28 = ConvBase.of(m, "block2_pool", 28), b56 = ConvBase.of(m, "block2_pool", 56);
        INDArray f = b28.features(raw, 2);
        INDArray expected = m.graph().feedForward(new INDArray[] {m.prepare(raw)}, false).get("block2_pool");
        assertArrayEquals(new long[] {3, 8, 7, 7}, f.shape());
        assertTrue(expected.equalsWithEps(f, 1e-4), "same activations as the original net's block2_pool");
        assertArrayEquals(new long[] {8, 14, 14}, b56.featureShape());
        var e = assertThrows(IllegalArgumentException.class, () -> ConvBase.of(m, "fc2", 28));
        assertTrue(e.getMessage().contains("fc1"), e.getMessage());
    }

    @Test void convBaseTakesANonSquareInputAndItsMapsKeepTheShape() {
        MiniVgg m = tiny();
        ConvBase wide = ConvBase.of(m, "block2_pool", 28, 56);
        assertArrayEquals(new long[] {8, 7, 14}, wide.featureShape());
        INDArray left = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28).muli(255), right = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28).muli(255);
        INDArray f = wide.features(Nd4j.concat(3, left, right), 2);
        assertArrayEquals(new long[] {2, 8, 7, 14}, f.shape());
        // away from the seam, the wide maps are the square maps of each half (convolutions are local)
        INDArray sq = ConvBase.of(m, "block2_pool", 28).features(left, 2);
        var cols = org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5);
        var all = org.nd4j.linalg.indexing.NDArrayIndex.all();
        assertTrue(sq.get(all, all, all, cols).equalsWithEps(f.get(all, all, all, cols), 1e-4));
        var e = assertThrows(IllegalArgumentException.class, () -> wide.features(left, 2));
        assertTrue(e.getMessage().contains("28, 56"), e.getMessage());
        // a heatmap over a wide image is drawn twice as wide as high
        var img = new java.awt.image.BufferedImage(56, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        var heat = Overlays.heatmap(img, Nd4j.rand(DataType.FLOAT, 7, 14), 0.5);
        assertEquals(Overlays.SIDE, heat.getHeight());
        assertEquals(2 * Overlays.SIDE, heat.getWidth());
    }

    @Test void gapHeadGivesOneRowPerImageAtTwoInputSizes() {
        MiniVgg m = tiny();
        var head = Heads.globalAveragePooling(HeadOptions.on(8, 7, 7).seed(1));
        for (int side : new int[] {28, 56}) {
            ConvBase base = ConvBase.of(m, "block2_pool", side);
            INDArray f = base.features(Nd4j.rand(DataType.FLOAT, 3, 1, side, side).muli(255), 8);
            INDArray p = head.outputSingle(false, f);
            assertArrayEquals(new long[] {3, 2}, p.shape(), "at " + side + "x" + side);
            assertEquals(3.0, p.sumNumber().doubleValue(), 1e-5);
            // GAP then softmax: equal to softmax(W^T mean(f) + b) by hand
            INDArray mean = f.mean(2, 3);
            INDArray z = mean.mmul(head.getLayer("out").getParam("W")).addRowVector(head.getLayer("out").getParam("b"));
            INDArray sm = org.nd4j.linalg.ops.transforms.Transforms.softmax(z);
            assertTrue(sm.equalsWithEps(p, 1e-5));
        }
        // the flatten + dense head is tied to the size it was built for
        var dense = Heads.flattenDense(HeadOptions.on(8, 7, 7).seed(1), 16);
        assertThrows(Exception.class, () -> dense.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 8, 14, 14)));
    }

    @Test void inceptionBlockOutputsTheSumOfItsBranchesChannels() {
        var br = new Inception.Branches(16, 8, 24, 4, 8, 8);
        assertEquals(56, br.outChannels());   // 16 + 24 + 8 + 8
        var g = Heads.inception(HeadOptions.on(8, 7, 7).classes(3).seed(1), br);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 7, 7);
        INDArray merged = g.feedForward(new INDArray[] {x}, false).get("incep_merge");
        assertArrayEquals(new long[] {2, 56, 7, 7}, merged.shape());
        assertArrayEquals(new long[] {2, 3}, g.outputSingle(false, x).shape());
        assertThrows(IllegalArgumentException.class, () -> new Inception.Branches(16, 0, 24, 4, 8, 8));
    }

    /** Cross-entropy and mean squared error by plain loops over doubles. */
    static double[] handLosses(INDArray p, INDArray y, INDArray box, INDArray boxTrue) {
        double ce = 0, se = 0;
        int n = (int) p.size(0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p.size(1); k++) ce -= y.getDouble(i, k) * Math.log(p.getDouble(i, k));
            for (int j = 0; j < 4; j++) { double d = box.getDouble(i, j) - boxTrue.getDouble(i, j); se += d * d; }
        }
        return new double[] {ce / n, se / (n * 4.0)};
    }

    @Test void combinedScoreIsClassLossPlusAThousandthOfTheBoxLoss() {
        Nd4j.getRandom().setSeed(5);
        INDArray f = Nd4j.rand(DataType.FLOAT, 6, 8, 7, 7);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) y.putScalar(i, i % 3, 1f);
        INDArray boxes = Nd4j.createFromArray(new float[][] {
                {10, 12, 20, 24}, {3, 4, 25, 27}, {30, 1, 18, 22}, {0, 0, 28, 28}, {15, 20, 10, 8}, {5, 30, 22, 20}});
        for (double w : new double[] {BoxModel.BOX_WEIGHT, 1.0}) {
            BoxModel m = BoxModel.build(HeadOptions.on(8, 7, 7).classes(3).seed(1), 16, w);
            INDArray[] out = m.graph().output(false, f);
            double[] hand = handLosses(out[0], y, out[1], boxes);
            assertTrue(hand[1] > 100, "pixel-sized box errors: the MSE is large, " + hand[1]);
            BoxModel.Scores s = m.scores(f, y, boxes);
            assertEquals(hand[0], s.classLoss(), 1e-4 * hand[0]);
            assertEquals(hand[1], s.boxLoss(), 1e-4 * hand[1]);
            assertEquals(hand[0] + w * hand[1], s.combined(), 1e-4 * (hand[0] + w * hand[1]), "weight " + w);
        }
    }

    @Test void twoHeadedModelLearnsBothOutputs() {
        Nd4j.getRandom().setSeed(3);
        // features whose first channel's mean encodes the class and whose position of a bright cell encodes the box
        int n = 100;
        INDArray f = Nd4j.zeros(DataType.FLOAT, n, 2, 5, 5), y = Nd4j.zeros(DataType.FLOAT, n, 2), b = Nd4j.zeros(DataType.FLOAT, n, 4);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            int c = i % 2, px = r.nextInt(5), py = r.nextInt(5);
            f.putScalar(new long[] {i, 1, py, px}, 1f);
            f.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(c);
            y.putScalar(i, c, 1f);
            b.putRow(i, Nd4j.createFromArray(new float[] {px * 10, py * 10, 20, 20}));
        }
        BoxModel m = BoxModel.build(HeadOptions.on(2, 5, 5).learningRate(1e-2).seed(1), 32, BoxModel.BOX_WEIGHT);
        double before = m.scores(f, y, b).boxLoss();
        m.graph().setListeners();
        ArrayTraining.fit(m.graph(), new INDArray[] {f}, new INDArray[] {y, b}, 80, 100, 1, true);
        BoxModel.Scores after = m.scores(f, y, b);
        assertTrue(after.boxLoss() < before / 3, "box MSE falls (measured: to about a fifth): " + before + " -> " + after.boxLoss());
        // The best constant guess (the mean box) scores the boxes' variance per coordinate. Measured
        // 2026-12-06: 504 -> 108.6 against the mean box's 102.6, so with the box loss weighted by
        // BOX_WEIGHT the head has learnt the mean box and not yet the positions; this bound holds it
        // there (the "falls to a third" check alone would pass a head that learnt nothing else).
        double constant = b.var(false, 0).meanNumber().doubleValue();
        System.out.printf("box MSE %.1f -> %.1f; the mean box scores %.1f%n", before, after.boxLoss(), constant);
        assertTrue(after.boxLoss() < 1.15 * constant, "box MSE " + after.boxLoss() + " should be near the mean box's " + constant + " or below");
        assertEquals(1.0, ArrayTraining.accuracy(m.predict(f)[0], y), 0.0);
    }

    @Test void metadataOfTheWrongLengthIsRejectedByName() {
        LeakModel m = LeakModel.build(LeakModel.Inputs.BOTH, HeadOptions.on(8, 7, 7).classes(3).seed(1), 2);
        INDArray f = Nd4j.rand(DataType.FLOAT, 4, 8, 7, 7);
        var e = assertThrows(IllegalArgumentException.class, () -> m.accuracy(f, Nd4j.rand(DataType.FLOAT, 4, 3), Nd4j.zeros(4, 3)));
        assertTrue(e.getMessage().startsWith("metadata must be [N, 2]"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> m.accuracy(f, Nd4j.rand(DataType.FLOAT, 5, 2), Nd4j.zeros(4, 3)));
        assertTrue(e2.getMessage().contains("metadata has 5 rows"), e2.getMessage());
        assertEquals(2, m.inputArrays(f, Nd4j.rand(DataType.FLOAT, 4, 2)).length);
    }

    @Test void metadataAloneLearnsALeak() {
        // class = which of 3 sizes, exactly: metadata-only accuracy must reach 1
        int n = 150;
        INDArray meta = Nd4j.zeros(DataType.FLOAT, n, 2), y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) { int c = i % 3; meta.putRow(i, Nd4j.createFromArray(new float[] {32 + 8 * c, 32 + 8 * c})); y.putScalar(i, c, 1f); }
        LeakModel m = LeakModel.build(LeakModel.Inputs.METADATA, HeadOptions.on(8, 7, 7).classes(3).learningRate(1e-2).seed(1), 2);
        ArrayTraining.fit(m.graph(), m.inputArrays(Nd4j.zeros(n, 8, 7, 7), meta), new INDArray[] {y}, 40, 150, 1, true);
        assertEquals(1.0, m.accuracy(Nd4j.zeros(n, 8, 7, 7), meta, y), 0.0);
    }

    @Test void bilinearResizeKeepsAConstantImageAndDoublesTheSide() {
        INDArray x = Nd4j.valueArrayOf(new long[] {2, 1, 4, 4}, 7f, DataType.FLOAT);
        INDArray r = Resize.bilinear(x, 8, 8);
        assertArrayEquals(new long[] {2, 1, 8, 8}, r.shape());
        assertEquals(7.0, r.minNumber().doubleValue(), 1e-5);
        assertEquals(7.0, r.maxNumber().doubleValue(), 1e-5);
        INDArray ramp = Nd4j.linspace(0, 3, 4, DataType.FLOAT).reshape(1, 1, 1, 4).repeat(2, 2);
        INDArray up = Resize.bilinear(ramp, 2, 8);
        // half-pixel centres: output x=1 sits at input 0.25 → 0.25 between 0 and 1
        assertEquals(0.25, up.getDouble(0, 0, 0, 1), 1e-5);
    }

    @Test void resNet50FromTheZooHasItsKnownShape() {
        ZooResNet50 r = ZooResNet50.build(224);
        assertEquals(16, r.residualAdds(), "3 + 4 + 6 + 3 bottleneck blocks");
        assertEquals(53, r.convLayers(), "49 in the blocks' main paths and stem + 4 projection shortcuts");
        assertTrue(r.params() > 25_000_000 && r.params() < 26_000_000, "about 25.6 M parameters: " + r.params());
        var t = r.summary(5, 3);
        assertEquals(9, t.rowCount());
    }

    /** Each class's score is the mean of its class map: softmax(mean over the map) is the head's output. */
    @Test
    void fullyConvolutionalScoresAreTheMeansOfItsClassMaps() {
        var g = Heads.fullyConvolutional(HeadOptions.on(4, 6, 6).classes(3).seed(2), 5);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 6, 6);
        INDArray maps = g.feedForward(x, false).get(Heads.CLASS_MAPS);
        assertArrayEquals(new long[] {2, 3, 6, 6}, maps.shape(), "one 6x6 map per class, same size as the features");
        for (int n = 0; n < 2; n++) {
            double[] mean = new double[3];
            double sum = 0;
            for (int k = 0; k < 3; k++) { mean[k] = maps.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n), org.nd4j.linalg.indexing.NDArrayIndex.point(k)).meanNumber().doubleValue(); sum += Math.exp(mean[k]); }
            INDArray out = g.outputSingle(false, x);
            for (int k = 0; k < 3; k++) assertEquals(Math.exp(mean[k]) / sum, out.getDouble(n, k), 1e-5, "example " + n + " class " + k);
        }
    }

    @Test
    void headOptionsSayWhatIsWrong() {
        assertEquals(2, HeadOptions.on(8, 7, 7).classes());
        assertEquals(0.01, HeadOptions.on(8, 7, 7).learningRate(0.01).learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadOptions.on(8, 0, 7));
        assertTrue(e.getMessage().contains("[8, 0, 7]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeadOptions.on(8, 7, 7).classes(1));
        assertThrows(IllegalArgumentException.class, () -> HeadOptions.on(8, 7, 7).learningRate(0));
    }
}
