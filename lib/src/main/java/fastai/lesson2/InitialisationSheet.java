package fastai.lesson2;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import fastai.lesson2.Sheets.Block;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Why initialisation matters, as a spreadsheet: the same inputs go through the same stack of
 * linear layers (no activation function, as the course's sheet at that point) three times, with the
 * same standard-normal draws for the weights scaled by three different standard deviations:
 * 1 (plain N(0, 1): the activations grow about √width times per layer), 0.1 (they shrink), and
 * Xavier/Glorot's {@code sqrt(2 / (fan_in + fan_out))} (they keep their size).
 *
 * <p>Sheet {@code weights}: the draws, one block per layer. Sheet {@code layers}: the inputs, then
 * one band per initialisation with its std in column A (a constant, or the Xavier formula) and one
 * block per layer, each cell {@code = std * (sum of the previous layer's row times the draws)}.
 * Sheet {@code summary}: the population standard deviation ({@code STDEVP}) of every layer's
 * activations under each initialisation.
 */
public final class InitialisationSheet {
    public static final String LAYERS = "layers", WEIGHTS = "weights", SUMMARY = "summary";
    /** Names of the three initialisations, in the order of the bands. */
    public static final List<String> INITS = List.of("N(0, 1)", "std 0.1", "Xavier");

    private final double[][] x;
    private final List<double[][]> draws;

    private InitialisationSheet(double[][] x, List<double[][]> draws) {
        this.x = x;
        this.draws = draws;
    }

    /** {@code rows} examples, {@code width} units per layer, {@code layers} layers; everything N(0, 1) from {@code seed}. */
    public static InitialisationSheet random(int rows, int width, int layers, long seed) {
        if (rows < 1 || width < 1 || layers < 1 || rows * width * layers > 5000) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "rows = %d, width = %d, layers = %d: each must be at least 1 and rows*width*layers at most 5000 for a readable sheet", rows, width, layers));
        }
        Random r = new Random(seed);
        double[][] x = normal(r, rows, width, 100);
        List<double[][]> d = new ArrayList<>();
        for (int l = 0; l < layers; l++) d.add(normal(r, width, width, 1000));
        return new InitialisationSheet(x, d);
    }

    /** The course-sized version: 4 examples, 8 units, 8 layers. */
    public static InitialisationSheet courseLike(long seed) { return random(4, 8, 8, seed); }

    private static double[][] normal(Random r, int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = Math.round(r.nextGaussian() * scale) / scale;
        return m;
    }

    public int layers() { return draws.size(); }
    public int width() { return x[0].length; }
    public double[][] x() { return copy(x); }
    public double[][] draws(int layer) { return copy(draws.get(layer)); }

    /** The weight std of each initialisation, in {@link #INITS} order. */
    public double[] stds() {
        int w = width();
        return new double[] {1.0, 0.1, Math.sqrt(2.0 / (w + w))};
    }

    /**
     * Where everything is: {@code x}, {@code R1…RL} (draws), {@code std:INIT} (one cell),
     * {@code INIT:l} (layer l's activations) and {@code summary} ([layers + 1][inits]).
     */
    public Map<String, Block> blocks() {
        Map<String, Block> b = new LinkedHashMap<>();
        int m = x.length, w = width();
        Sheets.Layout lw = new Sheets.Layout(WEIGHTS, 2);
        for (int l = 1; l <= layers(); l++) {
            b.put("R" + l, lw.put("R" + l, w, w));
            if (l % 4 == 0) lw.newBand();
        }
        Sheets.Layout la = new Sheets.Layout(LAYERS, 3);
        b.put("x", la.put("x", m, w));
        for (String init : INITS) {
            la.newBand();
            for (int l = 1; l <= layers(); l++) {
                Block a = la.put(init + ":" + l, m, w);
                b.put(init + ":" + l, a);
                if (l == 1) b.put("std:" + init, new Block(LAYERS, a.row(), 0, 1, 1));
            }
        }
        b.put("summary", new Block(SUMMARY, 4, 1, layers() + 1, INITS.size()));
        return b;
    }

    public XSSFWorkbook workbook() {
        XSSFWorkbook wb = new XSSFWorkbook();
        SheetCells.Styles st = new SheetCells.Styles(wb, "0.0000");
        Map<String, Block> b = blocks();
        int w = width();
        Sheet sw = wb.createSheet(WEIGHTS);
        SheetCells.text(sw, 0, 0, "Standard-normal draws, one block per layer (rows: from unit, columns: to unit); each initialisation multiplies them by its std", st.title);
        for (int l = 1; l <= layers(); l++) Sheets.constants(sw, b.get("R" + l), draws.get(l - 1), "R" + l + " (layer " + l + ")", "to ", st);

        Sheet s = wb.createSheet(LAYERS);
        SheetCells.text(s, 0, 0, "The same inputs through " + layers() + " linear layers of " + w + " units, three ways of scaling the same weights", st.title);
        SheetCells.text(s, 1, 0, "Each activation = std × (previous layer's row · the layer's draws). Change a std in column A and watch the layers.", null);
        Sheets.constants(s, b.get("x"), x, "inputs x", "x", st);
        double[] stds = stds();
        for (int k = 0; k < INITS.size(); k++) {
            String init = INITS.get(k);
            Block sd = b.get("std:" + init);
            SheetCells.text(s, sd.row() - 2, 0, "init " + init, st.title);
            SheetCells.text(s, sd.row() - 1, 0, "weight std", st.header);
            if (init.equals("Xavier")) {
                SheetCells.formula(s, sd.row(), 0, String.format(Locale.ROOT, "SQRT(2/(%d+%d))", w, w), st.formula);
            } else {
                SheetCells.number(s, sd.row(), 0, stds[k], st.constant);
            }
            String std = sd.ref(0, 0, true);
            Block prev = b.get("x");
            for (int l = 1; l <= layers(); l++) {
                Block a = b.get(init + ":" + l);
                Sheets.titles(s, a, "layer " + l, "a" + l + "_", st);
                for (int i = 0; i < a.rows(); i++) {
                    for (int j = 0; j < a.cols(); j++) {
                        SheetCells.formula(s, a.row() + i, a.col() + j, std + "*(" + Sheets.product(prev, i, b.get("R" + l), j) + ")", st.formula);
                    }
                }
                prev = a;
            }
        }
        s.setColumnWidth(0, 11 * 256);

        Sheet ss = wb.createSheet(SUMMARY);
        Block sum = b.get("summary");
        SheetCells.text(ss, 0, 0, "Standard deviation of the activations, layer by layer (STDEVP over each layer's block)", st.title);
        SheetCells.text(ss, 1, 0, "Xavier keeps them near the inputs' size; N(0, 1) multiplies them by about √" + w + " per layer; std 0.1 shrinks them.", null);
        SheetCells.text(ss, sum.row() - 1, 0, "layer", st.header);
        for (int k = 0; k < INITS.size(); k++) SheetCells.text(ss, sum.row() - 1, sum.col() + k, "init " + INITS.get(k), st.header);
        for (int l = 0; l <= layers(); l++) {
            SheetCells.text(ss, sum.row() + l, 0, l == 0 ? "inputs" : "layer " + l, st.header);
            for (int k = 0; k < INITS.size(); k++) {
                Block a = l == 0 ? b.get("x") : b.get(INITS.get(k) + ":" + l);
                SheetCells.formula(ss, sum.row() + l, sum.col() + k, "STDEVP(" + a.qualifiedRange() + ")", st.formula);
            }
        }
        ss.setColumnWidth(0, 10 * 256);
        for (int k = 0; k < INITS.size(); k++) ss.setColumnWidth(sum.col() + k, 14 * 256);
        wb.setActiveSheet(wb.getSheetIndex(SUMMARY));
        return Sheets.finish(wb);
    }

    public Path write(Path file) { return SheetCells.save(workbook(), file); }

    /** The summary sheet: the activations' std per layer under each initialisation. */
    public SheetView view() { return Sheets.view(workbook(), SUMMARY); }

    /** The summary as the workbook computes it: [layer 0 (inputs) … L][init]. */
    public double[][] summary() {
        try (XSSFWorkbook wb = workbook()) {
            return Sheets.values(wb, wb.getCreationHelper().createFormulaEvaluator(), blocks().get("summary"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The same layers in ND4J: "INIT:l" → activations (rows × width). */
    public Map<String, INDArray> nd4j() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        double[] stds = stds();
        for (int k = 0; k < INITS.size(); k++) {
            INDArray a = Nd4j.create(x).castTo(DataType.DOUBLE);
            for (int l = 1; l <= layers(); l++) {
                a = a.mmul(Nd4j.create(draws.get(l - 1)).castTo(DataType.DOUBLE).mul(stds[k]));
                m.put(INITS.get(k) + ":" + l, a);
            }
        }
        return m;
    }

    /** Largest relative difference |sheet − ND4J| / max(1, |ND4J|) over every activation, after POI recalculates {@code xlsx}. */
    public double maxDifferenceFromNd4j(Path xlsx) {
        Map<String, INDArray> want = nd4j();
        Map<String, Block> all = blocks(), wanted = new LinkedHashMap<>();
        for (String k : want.keySet()) wanted.put(k, all.get(k));
        Map<String, double[][]> got = Sheets.recalculate(xlsx, wanted);
        double worst = 0;
        for (String k : want.keySet()) {
            double[][] g = got.get(k);
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g[0].length; j++) {
                    double e = want.get(k).getDouble(i, j);
                    worst = Math.max(worst, Math.abs(g[i][j] - e) / Math.max(1, Math.abs(e)));
                }
            }
        }
        return worst;
    }

    /** Activation std per layer, log scale, one line per initialisation. */
    public XYChart chart() {
        double[][] s = summary();
        XYChart c = new XYChartBuilder().width(560).height(360).title("Size of the activations, layer by layer")
                .xAxisTitle("layer (0 = inputs)").yAxisTitle("std of the activations (log scale)").build();
        c.getStyler().setYAxisLogarithmic(true);
        double[] layer = new double[s.length];
        for (int l = 0; l < s.length; l++) layer[l] = l;
        for (int k = 0; k < INITS.size(); k++) {
            double[] y = new double[s.length];
            for (int l = 0; l < s.length; l++) y[l] = s[l][k];
            c.addSeries("init " + INITS.get(k), layer, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }
}
