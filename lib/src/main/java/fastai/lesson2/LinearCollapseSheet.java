package fastai.lesson2;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import fastai.lesson2.Sheets.Block;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Why a network needs a non-linearity, as a spreadsheet: two linear layers (x·W1, then ·W2) give
 * exactly what one layer with the single matrix W = W1·W2 gives, cell for cell; put a ReLU
 * ({@code MAX(0, …)}) between them and they no longer do.
 *
 * <p>Sheet {@value #SHEET}, first band: the inputs x, the hidden layer z1 = x·W1, the two-layer
 * output z1·W2, the one-layer output x·W and their difference (zero). Second band: the constants
 * W1 and W2 and the formulas of W = W1·W2. Third band: relu(z1), relu(z1)·W2 and its difference from
 * x·W (not zero). Matrices are stored the usual way round, [inputs][outputs], and every product
 * cell is a written-out sum of products.
 */
public final class LinearCollapseSheet {
    public static final String SHEET = "two_layers";

    private final double[][] x, w1, w2;

    private LinearCollapseSheet(double[][] x, double[][] w1, double[][] w2) {
        this.x = x;
        this.w1 = w1;
        this.w2 = w2;
    }

    /** {@code rows} examples of 3 inputs, a 3→4 and a 4→2 layer; values N(0, 1) rounded to 2 decimals, from {@code seed}. */
    public static LinearCollapseSheet random(int rows, long seed) {
        if (rows < 1 || rows > 50) throw new IllegalArgumentException("rows = " + rows + ": expected 1 to 50 examples");
        Random r = new Random(seed);
        return new LinearCollapseSheet(normal(r, rows, 3), normal(r, 3, 4), normal(r, 4, 2));
    }

    private static double[][] normal(Random r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = Math.round(r.nextGaussian() * 100) / 100.0;
        return m;
    }

    public double[][] x() { return copy(x); }
    public double[][] w1() { return copy(w1); }
    public double[][] w2() { return copy(w2); }

    /** Where every block is: x, W1, W2 (constants) and z1, twoLayers, W, oneLayer, difference, relu1, reluOut, reluDifference. */
    public Map<String, Block> blocks() {
        Sheets.Layout l = new Sheets.Layout(SHEET, 3);
        int m = x.length, k = w1[0].length, c = w2[0].length;
        l.put("x", m, x[0].length);
        l.put("z1", m, k);
        l.put("twoLayers", m, c);
        l.put("oneLayer", m, c);
        l.put("difference", m, c);
        l.newBand();
        l.put("W1", w1.length, k);
        l.put("W2", w2.length, c);
        l.put("W", w1.length, c);
        l.newBand();
        l.put("relu1", m, k);
        l.put("reluOut", m, c);
        l.put("reluDifference", m, c);
        return l.blocks();
    }

    /** A fresh workbook, every formula's value computed. */
    public XSSFWorkbook workbook() {
        XSSFWorkbook wb = new XSSFWorkbook();
        SheetCells.Styles st = new SheetCells.Styles(wb, "0.0000");
        Sheet s = wb.createSheet(SHEET);
        Map<String, Block> b = blocks();
        SheetCells.text(s, 0, 0, "Two linear layers are one linear layer: x·W1·W2 = x·(W1·W2)", st.title);
        SheetCells.text(s, 1, 0, "Blue cells are constants, yellow cells formulas. Each product cell is a written-out sum of products; "
                + "the third band puts MAX(0, ·) between the layers and the equality breaks.", null);
        Sheets.constants(s, b.get("x"), x, "inputs x", "x", st);
        Sheets.constants(s, b.get("W1"), w1, "W1 (3 inputs → 4 units)", "to z1_", st);
        Sheets.constants(s, b.get("W2"), w2, "W2 (4 → 2 outputs)", "to out", st);
        Sheets.titles(s, b.get("z1"), "z1 = x·W1", "z1_", st);
        Sheets.productBlock(s, b.get("z1"), b.get("x"), b.get("W1"), st.formula);
        Sheets.titles(s, b.get("twoLayers"), "two layers: z1·W2", "out", st);
        Sheets.productBlock(s, b.get("twoLayers"), b.get("z1"), b.get("W2"), st.formula);
        Sheets.titles(s, b.get("W"), "W = W1·W2 (one layer)", "out", st);
        Sheets.productBlock(s, b.get("W"), b.get("W1"), b.get("W2"), st.formula);
        Sheets.titles(s, b.get("oneLayer"), "one layer: x·W", "out", st);
        Sheets.productBlock(s, b.get("oneLayer"), b.get("x"), b.get("W"), st.formula);
        difference(s, b.get("difference"), b.get("twoLayers"), b.get("oneLayer"), "two layers − one layer", st);
        Block z1 = b.get("z1"), relu = b.get("relu1");
        Sheets.titles(s, relu, "relu1 = MAX(0, z1)", "relu1_", st);
        for (int i = 0; i < relu.rows(); i++) {
            for (int j = 0; j < relu.cols(); j++) SheetCells.formula(s, relu.row() + i, relu.col() + j, "MAX(0," + z1.ref(i, j, false) + ")", st.formula);
        }
        Sheets.titles(s, b.get("reluOut"), "with ReLU: relu1·W2", "out", st);
        Sheets.productBlock(s, b.get("reluOut"), relu, b.get("W2"), st.formula);
        difference(s, b.get("reluDifference"), b.get("reluOut"), b.get("oneLayer"), "with ReLU − one layer", st);
        for (int c = 1; c < 30; c++) s.setColumnWidth(c, 9 * 256);
        return Sheets.finish(wb);
    }

    private static void difference(Sheet s, Block out, Block a, Block b, String title, SheetCells.Styles st) {
        Sheets.titles(s, out, title, "out", st);
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < out.cols(); j++) SheetCells.formula(s, out.row() + i, out.col() + j, a.ref(i, j, false) + "-" + b.ref(i, j, false), st.formula);
        }
    }

    /** Writes the workbook (temporary file + rename); returns its absolute path. */
    public Path write(Path file) { return SheetCells.save(workbook(), file); }

    public SheetView view() { return Sheets.view(workbook(), SHEET); }

    /** The same products in ND4J: z1, twoLayers, W, oneLayer, relu1, reluOut. */
    public Map<String, INDArray> nd4j() {
        INDArray xa = Nd4j.create(x).castTo(DataType.DOUBLE), a1 = Nd4j.create(w1).castTo(DataType.DOUBLE), a2 = Nd4j.create(w2).castTo(DataType.DOUBLE);
        Map<String, INDArray> m = new LinkedHashMap<>();
        INDArray z1 = xa.mmul(a1);
        m.put("z1", z1);
        m.put("twoLayers", z1.mmul(a2));
        INDArray w = a1.mmul(a2);
        m.put("W", w);
        m.put("oneLayer", xa.mmul(w));
        INDArray r = Transforms.relu(z1, true);
        m.put("relu1", r);
        m.put("reluOut", r.mmul(a2));
        return m;
    }

    /** Largest |sheet − ND4J| over every computed block, after POI recalculates {@code xlsx} from scratch. */
    public double maxDifferenceFromNd4j(Path xlsx) {
        Map<String, INDArray> want = nd4j();
        Map<String, Block> all = blocks(), computed = new LinkedHashMap<>();
        for (String k : want.keySet()) computed.put(k, all.get(k));
        Map<String, double[][]> got = Sheets.recalculate(xlsx, computed);
        double worst = 0;
        for (String k : want.keySet()) {
            double[][] g = got.get(k);
            for (int i = 0; i < g.length; i++) for (int j = 0; j < g[0].length; j++) worst = Math.max(worst, Math.abs(g[i][j] - want.get(k).getDouble(i, j)));
        }
        return worst;
    }

    /**
     * Each output of the two-layer stack against the same output of the single layer x·W: without
     * an activation every point lies on the diagonal; with a ReLU between the layers they leave it.
     */
    public XYChart chart() {
        Map<String, INDArray> m = nd4j();
        double[] one = m.get("oneLayer").ravel().toDoubleVector();
        XYChart c = new XYChartBuilder().width(480).height(400).title("Two layers against one layer W = W1·W2")
                .xAxisTitle("one layer: x·W").yAxisTitle("two layers").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(9);
        c.addSeries("x·W1·W2 (no activation)", one, m.get("twoLayers").ravel().toDoubleVector());
        c.addSeries("ReLU(x·W1)·W2", one, m.get("reluOut").ravel().toDoubleVector());
        return c;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }
}
