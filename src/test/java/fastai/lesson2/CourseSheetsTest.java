package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import fastai.lesson2.OptimiserSheet.Optimiser;
import fastai.lesson2.Sheets.Block;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Lesson 2's four teaching spreadsheets, each recalculated by POI from the written file and checked against ND4J. */
class CourseSheetsTest {

    /** The file, read back with every stored result thrown away and all formulas recalculated. */
    private static final class Recalculated implements AutoCloseable {
        final XSSFWorkbook wb;
        final FormulaEvaluator ev;

        Recalculated(Path file) throws Exception {
            byte[] head = new byte[2];
            try (InputStream in = Files.newInputStream(file)) {
                assertEquals(2, in.read(head));
            }
            assertEquals("PK", new String(head), "an .xlsx is a zip file");
            try (InputStream in = Files.newInputStream(file)) {
                wb = new XSSFWorkbook(in);
            }
            ev = wb.getCreationHelper().createFormulaEvaluator();
            ev.clearAllCachedResultValues();
            ev.evaluateAll();
        }

        INDArray read(Block b) {
            return Nd4j.create(Sheets.values(wb, ev, b)).castTo(DataType.DOUBLE);
        }

        void assertFormulas(Block b) {
            for (int i = 0; i < b.rows(); i++) {
                for (int j = 0; j < b.cols(); j++) {
                    Cell c = wb.getSheet(b.sheet()).getRow(b.row() + i).getCell(b.col() + j);
                    assertEquals(CellType.FORMULA, c.getCellType(), b.sheet() + "!" + b.ref(i, j, false) + " should be a live formula");
                }
            }
        }

        @Override public void close() throws Exception { wb.close(); }
    }

    private static double maxAbs(INDArray a, INDArray b) {
        assertEquals(java.util.Arrays.toString(b.shape()), java.util.Arrays.toString(a.shape()));
        return Transforms.abs(a.sub(b), true).maxNumber().doubleValue();
    }

    private static void onlyFile(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "temporary file left behind");
        }
    }

    @Test void twoLinearLayersEqualOneLayerWithTheProductMatrix(@TempDir Path dir) throws Exception {
        LinearCollapseSheet sheet = LinearCollapseSheet.random(4, 7);
        Path file = sheet.write(dir.resolve("collapse.xlsx"));
        onlyFile(dir);
        Map<String, Block> b = sheet.blocks();
        try (Recalculated r = new Recalculated(file)) {
            INDArray x = r.read(b.get("x")), w1 = r.read(b.get("W1")), w2 = r.read(b.get("W2"));
            assertEquals(Nd4j.create(sheet.x()).castTo(DataType.DOUBLE), x);
            for (String k : new String[] {"z1", "twoLayers", "W", "oneLayer", "difference", "relu1", "reluOut", "reluDifference"}) r.assertFormulas(b.get(k));
            INDArray two = x.mmul(w1).mmul(w2);
            assertTrue(maxAbs(r.read(b.get("twoLayers")), two) < 1e-12);
            assertTrue(maxAbs(r.read(b.get("W")), w1.mmul(w2)) < 1e-12);
            assertTrue(maxAbs(r.read(b.get("oneLayer")), x.mmul(w1.mmul(w2))) < 1e-12);
            assertTrue(r.read(b.get("difference")).amaxNumber().doubleValue() < 1e-12, "two linear layers should equal one");
            INDArray withRelu = Transforms.relu(x.mmul(w1), true).mmul(w2);
            assertTrue(maxAbs(r.read(b.get("reluOut")), withRelu) < 1e-12);
            assertTrue(maxAbs(r.read(b.get("reluDifference")), withRelu.sub(two)) < 1e-12);
            assertTrue(withRelu.sub(two).amaxNumber().doubleValue() > 0.1, "a ReLU between the layers should change the output");
        }
        assertTrue(sheet.maxDifferenceFromNd4j(file) < 1e-12);
    }

    @Test void initialisationSheetMatchesNd4jAndXavierKeepsTheScale(@TempDir Path dir) throws Exception {
        InitialisationSheet sheet = InitialisationSheet.courseLike(42);
        Path file = sheet.write(dir.resolve("init.xlsx"));
        onlyFile(dir);
        Map<String, Block> b = sheet.blocks();
        int width = sheet.width(), layers = sheet.layers();
        try (Recalculated r = new Recalculated(file)) {
            INDArray x = r.read(b.get("x"));
            INDArray summary = r.read(b.get("summary"));
            r.assertFormulas(b.get("summary"));
            for (int k = 0; k < InitialisationSheet.INITS.size(); k++) {
                String init = InitialisationSheet.INITS.get(k);
                double std = r.read(b.get("std:" + init)).getDouble(0, 0);
                if (init.equals("Xavier")) assertEquals(Math.sqrt(2.0 / (width + width)), std, 1e-15);
                INDArray a = x;
                assertEquals(x.stdNumber(false).doubleValue(), summary.getDouble(0, k), 1e-12);
                for (int l = 1; l <= layers; l++) {
                    a = a.mmul(r.read(b.get("R" + l)).mul(std));
                    Block cells = b.get(init + ":" + l);
                    r.assertFormulas(cells);
                    double scale = Math.max(1, a.amaxNumber().doubleValue());
                    assertTrue(maxAbs(r.read(cells), a) / scale < 1e-12, init + " layer " + l);
                    assertEquals(a.stdNumber(false).doubleValue(), summary.getDouble(l, k), 1e-9 * scale);
                }
            }
            double in = summary.getDouble(0, 0);
            assertTrue(summary.getDouble(layers, 0) > 100 * in, "N(0, 1) weights should blow the activations up: " + summary.getDouble(layers, 0));
            assertTrue(summary.getDouble(layers, 1) < 0.01 * in, "std 0.1 should make them vanish: " + summary.getDouble(layers, 1));
            double xavier = summary.getDouble(layers, 2);
            assertTrue(xavier > in / 4 && xavier < in * 4, "Xavier should keep the scale: " + xavier);
        }
        assertTrue(sheet.maxDifferenceFromNd4j(file) < 1e-12);
    }

    @Test void logLossSheetMatchesNd4jBinaryCrossEntropy(@TempDir Path dir) throws Exception {
        LogLossSheet sheet = LogLossSheet.overconfident(20, 42);
        Path file = sheet.write(dir.resolve("logloss.xlsx"));
        onlyFile(dir);
        INDArray y = Nd4j.create(java.util.Arrays.stream(sheet.labels()).asDoubleStream().toArray(), new long[] {20, 1}, DataType.DOUBLE);
        INDArray p = Nd4j.create(sheet.predictions(), new long[] {20, 1}, DataType.DOUBLE);
        try (Recalculated r = new Recalculated(file)) {
            for (String k : new String[] {"floored", "rowLoss", "rowLossIf", "clipped", "rowLossClipped", "means", "meanClipped", "accuracy"}) r.assertFormulas(sheet.block(k));
            INDArray floored = new LossBinaryXENT(sheet.floor()).computeScoreArray(y, p, Activation.IDENTITY.getActivationFunction(), null);
            INDArray clipped = new LossBinaryXENT(sheet.clip()).computeScoreArray(y, p, Activation.IDENTITY.getActivationFunction(), null);
            assertTrue(maxAbs(r.read(sheet.block("rowLoss")), floored) < 1e-9);
            assertTrue(maxAbs(r.read(sheet.block("rowLossIf")), floored) < 1e-9);
            assertTrue(maxAbs(r.read(sheet.block("rowLossClipped")), clipped) < 1e-9);
            INDArray means = r.read(sheet.block("means"));
            assertEquals(floored.meanNumber().doubleValue(), means.getDouble(0, 0), 1e-9);
            assertEquals(floored.meanNumber().doubleValue(), means.getDouble(0, 1), 1e-9);
            assertEquals(clipped.meanNumber().doubleValue(), r.read(sheet.block("meanClipped")).getDouble(0, 0), 1e-9);
            long right = 0;
            for (int i = 0; i < 20; i++) right += (sheet.predictions()[i] >= 0.5) == (sheet.labels()[i] == 1) ? 1 : 0;
            assertEquals(right / 20.0, r.read(sheet.block("accuracy")).getDouble(0, 0), 1e-12);
            // one hard wrong answer costs ln(1/floor) before clipping and ln(1/clip) after
            assertEquals(Math.log(1 / sheet.floor()), floored.maxNumber().doubleValue(), 1e-6);
            assertEquals(Math.log(1 / sheet.clip()), clipped.maxNumber().doubleValue(), 1e-6);
        }
        double[] clips = {0.001, 0.01, 0.05, 0.2};
        double[] live = sheet.meanClippedLoss(clips);
        for (int k = 0; k < clips.length; k++) {
            double want = new LossBinaryXENT(clips[k]).computeScore(y, p, Activation.IDENTITY.getActivationFunction(), null, true);
            assertEquals(want, live[k], 1e-9, "clip " + clips[k]);
        }
        assertTrue(live[2] < sheet.meanLoss() / 2, "clipping at 0.05 should at least halve this over-confident loss");
        assertThrows(IllegalArgumentException.class, () -> LogLossSheet.of(new int[] {0, 2}, new double[] {0.1, 0.2}, 1e-4, 0.05));
        assertThrows(IllegalArgumentException.class, () -> LogLossSheet.of(new int[] {0}, new double[] {1.5}, 1e-4, 0.05));
    }

    @Test void everyOptimiserSheetFollowsNd4jsUpdater(@TempDir Path dir) throws Exception {
        double[] x = new double[24], y = new double[24];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble();
            y[i] = 2 * x[i] + 5 + 0.1 * rnd.nextGaussian();
        }
        int steps = 40;
        Map<Optimiser, IUpdater> configs = Map.of(
                Optimiser.SGD, new Sgd(0.15),
                Optimiser.MOMENTUM, new Nesterovs(0.02, 0.85),
                Optimiser.ADAGRAD, new AdaGrad(0.8, 1e-6),
                Optimiser.RMSPROP, new RmsProp(0.2, 0.9, 1e-8),
                Optimiser.ADAM, new Adam(0.25, 0.9, 0.99, 1e-8));
        OptimiserSheet sheet = OptimiserSheet.of(x, y, -1, 1, steps)
                .with(Optimiser.SGD, 0.15).with(Optimiser.MOMENTUM, 0.02, 0.85).with(Optimiser.ADAGRAD, 0.8, 1e-6)
                .with(Optimiser.RMSPROP, 0.2, 0.9, 1e-8).with(Optimiser.ADAM, 0.25, 0.9, 0.99, 1e-8);
        Path file = sheet.write(dir.resolve("graddesc.xlsx"));
        onlyFile(dir);
        INDArray xs = Nd4j.create(x).castTo(DataType.DOUBLE), ys = Nd4j.create(y).castTo(DataType.DOUBLE);
        try (Recalculated r = new Recalculated(file)) {
            INDArray finals = r.read(sheet.summaryFinal());
            var charts = r.wb.getSheet(OptimiserSheet.SUMMARY).getDrawingPatriarch().getCharts();
            assertEquals(2, charts.size(), "the summary sheet should carry the loss and path charts");
            assertEquals(Optimiser.values().length, charts.get(0).getChartSeries().get(0).getSeriesCount());
            for (Optimiser o : Optimiser.values()) {
                IUpdater config = configs.get(o);
                long n = config.stateSize(2);
                GradientUpdater<?> u = config.instantiate(n == 0 ? null : Nd4j.zeros(DataType.DOUBLE, 1, n), true);
                INDArray params = Nd4j.create(new double[][] {{-1, 1}}).castTo(DataType.DOUBLE);
                Block pathBlock = sheet.path(o);
                Block movable = new Block(pathBlock.sheet(), pathBlock.row() + 1, pathBlock.col(), steps, 2);
                r.assertFormulas(movable);
                INDArray path = r.read(pathBlock);
                for (int t = 0; t <= steps; t++) {
                    double a = params.getDouble(0, 0), b = params.getDouble(0, 1);
                    INDArray err = xs.mul(a).addi(b).subi(ys);
                    assertEquals(a, path.getDouble(t, 0), 1e-6, o + " a at step " + t);
                    assertEquals(b, path.getDouble(t, 1), 1e-6, o + " b at step " + t);
                    assertEquals(err.mul(err).meanNumber().doubleValue(), path.getDouble(t, 2), 1e-6, o + " loss at step " + t);
                    INDArray grad = Nd4j.create(new double[][] {{2 * err.mul(xs).meanNumber().doubleValue(), 2 * err.meanNumber().doubleValue()}}).castTo(DataType.DOUBLE);
                    u.applyUpdater(grad, t, 0);
                    params.subi(grad);
                }
                assertEquals(path.getDouble(steps, 0), finals.getDouble(o.ordinal(), 0), 1e-12);
                assertEquals(path.getDouble(steps, 1), finals.getDouble(o.ordinal(), 1), 1e-12);
                assertTrue(path.getDouble(steps, 2) < path.getDouble(0, 2) / 10, o + " should cut the loss tenfold in " + steps + " steps");
            }
            // plain SGD's first step by hand: a1 = a0 - lr * 2 * mean((a0 x + b0 - y) x)
            double g = 0;
            for (int i = 0; i < x.length; i++) g += 2 * (-x[i] + 1 - y[i]) * x[i] / x.length;
            assertEquals(-1 - 0.15 * g, r.read(sheet.path(Optimiser.SGD)).getDouble(1, 0), 1e-12);
        }
        assertTrue(sheet.maxDifferenceFromNd4j() < 1e-9);
        assertThrows(IllegalArgumentException.class, () -> OptimiserSheet.of(new double[] {1, 2}, new double[] {1}, 0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> sheet.with(Optimiser.ADAM, 0.1));
    }
}
