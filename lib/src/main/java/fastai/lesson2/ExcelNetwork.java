package fastai.lesson2;

import static fastai.lesson2.SheetCells.cell;
import static fastai.lesson2.SheetCells.formula;
import static fastai.lesson2.SheetCells.number;
import static fastai.lesson2.SheetCells.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import fastai.display.Renderable;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import fastai.lesson2.SheetCells.Styles;

/**
 * A small fully connected network written as a spreadsheet with live formulas, like the course's
 * Excel demo, plus a second sheet with one step of gradient descent on the linear model.
 *
 * <p>Sheet {@value #NETWORK_SHEET}: one row per example. From left to right: the inputs x, the
 * one-hot targets, then for every layer its matrix product (each cell a
 * {@code =SUMPRODUCT(activations of the row, weights of the unit)}), a ReLU ({@code =MAX(0, …)})
 * after every hidden layer, and at the end a softmax ({@code =EXP(z - row max)} then
 * {@code =e / SUM(row)}) and the cross-entropy loss {@code =-LN(SUMPRODUCT(targets, probabilities))}
 * (minus the log of the probability given to the true class), with its mean under it. The weight
 * blocks sit below, one row per unit holding the weights into that unit (so each block is the
 * weight matrix transposed, which lets SUMPRODUCT pair two rows of equal shape).
 *
 * <p>Weights are Xavier (Glorot) normal: drawn from N(0, 1) and multiplied by
 * {@code std = sqrt(2 / (fan_in + fan_out))} (variance {@code 2 / (fan_in + fan_out)}, what DL4J's
 * {@code WeightInit.XAVIER} uses); each block shows its std as a formula. The weights themselves
 * are constants, so the workbook gives the same numbers every time it is opened.
 *
 * <p>Sheet {@value #SGD_SHEET}: x, y, the prediction a·x + b, the error, its square, the two
 * per-row gradient terms, their means (∂L/∂a, ∂L/∂b), the new a and b after one step, and the
 * loss before and after it — all formulas over the constants a, b, learning rate, x and y.
 *
 * <p>Files are written atomically (temporary file + rename), with every formula's value computed
 * and stored by POI and the "recalculate on open" flag set, so Excel and LibreOffice show numbers
 * straight away and recompute them.
 */
public final class ExcelNetwork implements Renderable {
    public static final String NETWORK_SHEET = "network";

    static { QuietPoiLogging.install(); }
    public static final String SGD_SHEET = "sgd step";

    /** A rectangle of cells on a sheet (0-based row and column of its top-left cell). */
    public record Block(String name, String sheet, int row, int col, int rows, int cols) {
        /** The block as an A1 range, e.g. {@code B6:E9}. */
        public String range() {
            return new CellReference(row, col).formatAsString() + ":" + new CellReference(row + rows - 1, col + cols - 1).formatAsString();
        }
    }

    /** Outcome of {@link #verify(Path)}: how many formula cells matched ND4J, and the worst difference. */
    public record Check(int cellsCompared, double maxAbsDiff, String worstCell) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "%d formula cells recalculated by POI and compared with ND4J; largest difference %.3e (at %s)",
                    cellsCompared, maxAbsDiff, worstCell);
        }
    }

    private final double[][] inputs;
    private final int[] targets;
    private final int[] sizes;
    private final List<double[][]> weights; // weights.get(l)[i][j]: from unit i of layer l to unit j of layer l + 1
    private final LinearSgd sgd;

    private ExcelNetwork(double[][] inputs, int[] targets, int[] sizes, List<double[][]> weights, LinearSgd sgd) {
        this.inputs = inputs;
        this.targets = targets;
        this.sizes = sizes;
        this.weights = weights;
        this.sgd = sgd;
    }

    /**
     * {@code rows} examples with inputs from N(0, 1) and random target classes, layer sizes
     * {@code sizes} (inputs first, classes last, e.g. {3, 4, 3, 2}), Xavier weights; all from
     * {@code new Random(seed)}. The SGD sheet uses {@link LinearSgd#courseSetup(long)} with the same seed.
     */
    public static ExcelNetwork random(int rows, int[] sizes, long seed) {
        checkSizes(sizes);
        if (rows < 1) throw new IllegalArgumentException("rows = " + rows + " must be at least 1");
        Random r = new Random(seed);
        double[][] x = new double[rows][sizes[0]];
        int[] t = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < sizes[0]; j++) x[i][j] = round4(r.nextGaussian());
            t[i] = r.nextInt(sizes[sizes.length - 1]);
        }
        return of(x, t, sizes, seed);
    }

    /** The course-sized network: 4 examples, 3 inputs → 4 → 3 → 2 classes. */
    public static ExcelNetwork courseLike(long seed) {
        return random(4, new int[] {3, 4, 3, 2}, seed);
    }

    /** Given inputs [rows][sizes[0]] and target classes; Xavier weights from {@code new Random(seed)}. */
    public static ExcelNetwork of(double[][] inputs, int[] targets, int[] sizes, long seed) {
        checkSizes(sizes);
        if (inputs == null || inputs.length == 0) throw new IllegalArgumentException("inputs must have at least one row");
        if (targets == null || targets.length != inputs.length) {
            throw new IllegalArgumentException("inputs has " + inputs.length + " rows but targets has "
                    + (targets == null ? "no" : String.valueOf(targets.length)) + " values; they must match");
        }
        int classes = sizes[sizes.length - 1];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != sizes[0]) {
                throw new IllegalArgumentException("inputs row " + i + " has " + inputs[i].length + " values but sizes[0] = " + sizes[0]);
            }
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IllegalArgumentException("targets[" + i + "] = " + targets[i] + " is not a class in [0, " + (classes - 1) + "]");
            }
        }
        Random r = new Random(seed ^ 0x5DEECE66DL);
        List<double[][]> ws = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            double std = xavierStd(sizes[l], sizes[l + 1]);
            double[][] w = new double[sizes[l]][sizes[l + 1]];
            for (int i = 0; i < sizes[l]; i++) for (int j = 0; j < sizes[l + 1]; j++) w[i][j] = round4(r.nextGaussian() * std);
            ws.add(w);
        }
        double[][] x = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) x[i] = inputs[i].clone();
        return new ExcelNetwork(x, targets.clone(), sizes.clone(), ws, LinearSgd.courseSetup(seed));
    }

    /** The same network with {@code sgd}'s current data, a, b and learning rate on the SGD sheet. */
    public ExcelNetwork withSgdExample(LinearSgd sgd) {
        if (sgd == null) throw new IllegalArgumentException("sgd is null");
        return new ExcelNetwork(inputs, targets, sizes, weights, sgd.copy());
    }

    /** Xavier/Glorot normal standard deviation: {@code sqrt(2 / (nIn + nOut))}. */
    public static double xavierStd(int nIn, int nOut) {
        return Math.sqrt(2.0 / (nIn + nOut));
    }

    public int[] sizes() { return sizes.clone(); }
    public int rows() { return inputs.length; }
    public int[] targets() { return targets.clone(); }

    public double[][] inputs() {
        double[][] c = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) c[i] = inputs[i].clone();
        return c;
    }

    /** Layer {@code l}'s weights (0-based), [fan_in][fan_out]: the matrix the inputs are multiplied by. */
    public double[][] weights(int l) {
        double[][] w = weights.get(l);
        double[][] c = new double[w.length][];
        for (int i = 0; i < w.length; i++) c[i] = w[i].clone();
        return c;
    }

    /** The state the SGD sheet starts from. */
    public LinearSgd sgdExample() { return sgd.copy(); }

    // ------------------------------------------------------------------ forward pass in ND4J

    /**
     * The same computation in ND4J (doubles), block name → matrix: {@code z1, relu1, z2, relu2, …,
     * zL, exp, softmax, loss} (loss is [rows, 1]) and {@code meanLoss} ([1, 1]).
     */
    public Map<String, INDArray> forwardNd4j() {
        return forwardNd4j(inputs, targets, weights);
    }

    static Map<String, INDArray> forwardNd4j(double[][] inputs, int[] targets, List<double[][]> weights) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        INDArray a = Nd4j.create(inputs).castTo(DataType.DOUBLE);
        int layers = weights.size();
        for (int l = 0; l < layers; l++) {
            INDArray z = a.mmul(Nd4j.create(weights.get(l)).castTo(DataType.DOUBLE));
            out.put("z" + (l + 1), z);
            if (l < layers - 1) {
                a = Transforms.relu(z, true);
                out.put("relu" + (l + 1), a);
            } else {
                INDArray e = Transforms.exp(z.subColumnVector(z.max(1).reshape(z.rows(), 1)), true);
                out.put("exp", e);
                INDArray p = e.divColumnVector(e.sum(1).reshape(e.rows(), 1));
                out.put("softmax", p);
                int k = weights.get(l)[0].length;
                INDArray onehot = Nd4j.zeros(DataType.DOUBLE, targets.length, k);
                for (int i = 0; i < targets.length; i++) onehot.putScalar(i, targets[i], 1.0);
                INDArray loss = Transforms.log(p.mul(onehot).sum(1), true).neg().reshape(targets.length, 1);
                out.put("loss", loss);
                out.put("meanLoss", loss.mean().reshape(1, 1));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ layout

    private static final int TITLE_ROW = 0, BLOCK_TITLE_ROW = 3, HEADER_ROW = 4, FIRST_DATA_ROW = 5;

    /** Where every block of the network sheet is: inputs, targets, weights (W1…), and the computed ones. */
    public Map<String, Block> blocks() {
        Map<String, Block> b = new LinkedHashMap<>();
        int m = inputs.length;
        int col = 1;
        b.put("x", new Block("x", NETWORK_SHEET, FIRST_DATA_ROW, col, m, sizes[0]));
        col += sizes[0] + 1;
        int k = sizes[sizes.length - 1];
        b.put("targets", new Block("targets", NETWORK_SHEET, FIRST_DATA_ROW, col, m, k));
        col += k + 1;
        int layers = sizes.length - 1;
        for (int l = 1; l <= layers; l++) {
            b.put("z" + l, new Block("z" + l, NETWORK_SHEET, FIRST_DATA_ROW, col, m, sizes[l]));
            col += sizes[l] + 1;
            if (l < layers) {
                b.put("relu" + l, new Block("relu" + l, NETWORK_SHEET, FIRST_DATA_ROW, col, m, sizes[l]));
                col += sizes[l] + 1;
            }
        }
        b.put("exp", new Block("exp", NETWORK_SHEET, FIRST_DATA_ROW, col, m, k));
        col += k + 1;
        b.put("softmax", new Block("softmax", NETWORK_SHEET, FIRST_DATA_ROW, col, m, k));
        col += k + 1;
        b.put("loss", new Block("loss", NETWORK_SHEET, FIRST_DATA_ROW, col, m, 1));
        b.put("meanLoss", new Block("meanLoss", NETWORK_SHEET, FIRST_DATA_ROW + m, col, 1, 1));
        // weight blocks below: title row, header row, then one row per unit of the next layer
        int row = FIRST_DATA_ROW + m + 3;
        for (int l = 1; l <= layers; l++) {
            b.put("std" + l, new Block("std" + l, NETWORK_SHEET, row, 1 + sizes[l - 1] + 1, 1, 1));
            b.put("W" + l, new Block("W" + l, NETWORK_SHEET, row + 2, 1, sizes[l], sizes[l - 1]));
            row += 2 + sizes[l] + 1;
        }
        return b;
    }

    /** The blocks that hold formulas (everything computed), in the order they are computed. */
    public List<String> computedBlocks() {
        List<String> out = new ArrayList<>();
        for (String name : blocks().keySet()) {
            if (!name.equals("x") && !name.equals("targets") && !name.startsWith("W")) out.add(name);
        }
        return out;
    }

    // ------------------------------------------------------------------ the workbook

    /** A fresh workbook with both sheets; every formula's value already computed and stored. */
    public XSSFWorkbook workbook() {
        XSSFWorkbook wb = new XSSFWorkbook();
        Styles st = new Styles(wb, "0.0000");
        writeNetworkSheet(wb, st);
        writeSgdSheet(wb, st);
        XSSFFormulaEvaluator.evaluateAllFormulaCells(wb);
        wb.setForceFormulaRecalculation(true);
        return wb;
    }

    /** Writes the workbook to {@code file} (temporary file + rename); returns its absolute path. */
    public Path write(Path file) { return SheetCells.save(workbook(), file); }

    public Path write(String file) { return write(Path.of(file)); }

    /** The network sheet: a title, then inputs and targets, weights, layers, softmax and loss, each as its own block. */
    private void writeNetworkSheet(Workbook wb, Styles st) {
        Sheet s = wb.createSheet(NETWORK_SHEET);
        Map<String, Block> b = blocks();
        StringBuilder arch = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) arch.append(i == 0 ? "" : " → ").append(sizes[i]);
        text(s, TITLE_ROW, 0, "A small fully connected network as formulas: " + arch + " units, ReLU between layers, softmax and cross-entropy at the end", st.title);
        text(s, TITLE_ROW + 1, 0, "Blue cells are constants (inputs, targets, weights); yellow cells are formulas. "
                + "Each matrix-product cell is SUMPRODUCT(the row's activations, the unit's weights).", null);

        writeInputsAndTargets(s, b, st);
        writeWeights(s, b, st);
        Block logits = writeLayers(s, b, st);
        Block loss = writeSoftmaxAndLoss(s, b, logits, st);

        SheetCells.columnWidth(s, 0, 12);
        int lastCol = loss.col();
        for (int c = 1; c <= lastCol; c++) SheetCells.columnWidth(s, c, 10);
        s.createFreezePane(1, FIRST_DATA_ROW);
    }

    private void writeInputsAndTargets(Sheet s, Map<String, Block> b, Styles st) {
        int m = inputs.length, k = sizes[sizes.length - 1];
        Block bx = b.get("x");
        blockTitle(s, bx, "inputs x", st);
        for (int j = 0; j < sizes[0]; j++) text(s, HEADER_ROW, bx.col() + j, "x" + (j + 1), st.header);
        for (int i = 0; i < m; i++) {
            text(s, FIRST_DATA_ROW + i, 0, "example " + (i + 1), st.header);
            for (int j = 0; j < sizes[0]; j++) number(s, FIRST_DATA_ROW + i, bx.col() + j, inputs[i][j], st.constant);
        }
        Block bt = b.get("targets");
        blockTitle(s, bt, "targets (one-hot)", st);
        for (int j = 0; j < k; j++) text(s, HEADER_ROW, bt.col() + j, "class " + j, st.header);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) number(s, FIRST_DATA_ROW + i, bt.col() + j, targets[i] == j ? 1 : 0, st.constant);
        }
    }

    /** One block per layer below the activations: a title with its std formula, a header, one row per unit. */
    private void writeWeights(Sheet s, Map<String, Block> b, Styles st) {
        int layers = sizes.length - 1;
        for (int l = 1; l <= layers; l++) {
            Block w = b.get("W" + l);
            Block sd = b.get("std" + l);
            text(s, sd.row(), 0, "W" + l, st.title);
            text(s, sd.row(), 1, String.format(Locale.ROOT, "layer %d weights (%d → %d); std = sqrt(2/(fan_in+fan_out)) =", l, sizes[l - 1], sizes[l]), null);
            formula(s, sd.row(), sd.col(), String.format(Locale.ROOT, "SQRT(2/(%d+%d))", sizes[l - 1], sizes[l]), st.formula);
            String from = l == 1 ? "x" : "relu" + (l - 1) + "_";
            for (int i = 0; i < sizes[l - 1]; i++) text(s, w.row() - 1, w.col() + i, "from " + from + (i + 1), st.header);
            double[][] wl = weights.get(l - 1);
            for (int j = 0; j < sizes[l]; j++) {
                text(s, w.row() + j, 0, "unit " + (j + 1), st.header);
                for (int i = 0; i < sizes[l - 1]; i++) number(s, w.row() + j, w.col() + i, wl[i][j], st.constant);
            }
        }
    }

    /** Each layer's matrix product (SUMPRODUCT per cell) and ReLU; returns the logits block. */
    private Block writeLayers(Sheet s, Map<String, Block> b, Styles st) {
        int m = inputs.length, layers = sizes.length - 1;
        Block prev = b.get("x");
        for (int l = 1; l <= layers; l++) {
            Block z = b.get("z" + l);
            Block w = b.get("W" + l);
            blockTitle(s, z, l == layers ? "z" + l + " = relu" + (l - 1) + " · W" + l + " (logits)"
                    : "z" + l + " = " + (l == 1 ? "x" : "relu" + (l - 1)) + " · W" + l, st);
            for (int j = 0; j < z.cols(); j++) text(s, HEADER_ROW, z.col() + j, "z" + l + "_" + (j + 1), st.header);
            for (int i = 0; i < m; i++) {
                String rowRange = range(prev.row() + i, prev.col(), prev.row() + i, prev.col() + prev.cols() - 1, false, true);
                for (int j = 0; j < z.cols(); j++) {
                    String unitRange = range(w.row() + j, w.col(), w.row() + j, w.col() + w.cols() - 1, true, true);
                    formula(s, z.row() + i, z.col() + j, "SUMPRODUCT(" + rowRange + "," + unitRange + ")", st.formula);
                }
            }
            if (l < layers) {
                Block r = b.get("relu" + l);
                blockTitle(s, r, "relu" + l + " = MAX(0, z" + l + ")", st);
                for (int j = 0; j < r.cols(); j++) text(s, HEADER_ROW, r.col() + j, "relu" + l + "_" + (j + 1), st.header);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < r.cols(); j++) formula(s, r.row() + i, r.col() + j, "MAX(0," + ref(z.row() + i, z.col() + j) + ")", st.formula);
                }
                prev = r;
            } else {
                prev = z;
            }
        }
        return prev;
    }

    /** Softmax (shifted by the row max), the per-example cross-entropy and its mean; returns the loss block. */
    private Block writeSoftmaxAndLoss(Sheet s, Map<String, Block> b, Block z, Styles st) {
        int m = inputs.length, k = sizes[sizes.length - 1];
        Block bt = b.get("targets");
        Block e = b.get("exp");
        blockTitle(s, e, "exp(z - row max)", st);
        Block p = b.get("softmax");
        blockTitle(s, p, "softmax = exp / row sum", st);
        Block loss = b.get("loss");
        blockTitle(s, loss, "loss", st);
        text(s, HEADER_ROW, loss.col(), "-ln p(true)", st.header);
        for (int j = 0; j < k; j++) {
            text(s, HEADER_ROW, e.col() + j, "e" + j, st.header);
            text(s, HEADER_ROW, p.col() + j, "p" + j, st.header);
        }
        for (int i = 0; i < m; i++) {
            String zRow = range(z.row() + i, z.col(), z.row() + i, z.col() + k - 1, false, true);
            String eRow = range(e.row() + i, e.col(), e.row() + i, e.col() + k - 1, false, true);
            String pRow = range(p.row() + i, p.col(), p.row() + i, p.col() + k - 1, false, true);
            String tRow = range(bt.row() + i, bt.col(), bt.row() + i, bt.col() + k - 1, false, true);
            for (int j = 0; j < k; j++) {
                formula(s, e.row() + i, e.col() + j, "EXP(" + ref(z.row() + i, z.col() + j) + "-MAX(" + zRow + "))", st.formula);
                formula(s, p.row() + i, p.col() + j, ref(e.row() + i, e.col() + j) + "/SUM(" + eRow + ")", st.formula);
            }
            formula(s, loss.row() + i, loss.col(), "-LN(SUMPRODUCT(" + tRow + "," + pRow + "))", st.formula);
        }
        Block mean = b.get("meanLoss");
        text(s, mean.row(), mean.col() - 1, "mean loss", st.header);
        formula(s, mean.row(), mean.col(), "AVERAGE(" + range(loss.row(), loss.col(), loss.row() + m - 1, loss.col(), false, false) + ")", st.formula);
        return loss;
    }

    /** Layout of the SGD sheet: parameter cells, result cells, the table. */
    private static final int SGD_A_ROW = 3, SGD_TABLE_HEADER = 11, SGD_FIRST_ROW = 12;

    /** Cell addresses (A1) of the SGD sheet's named cells: a, b, lr, n, loss, dLda, dLdb, newA, newB, newLoss. */
    public static Map<String, String> sgdCells() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("a", ref(SGD_A_ROW, 1));
        c.put("b", ref(SGD_A_ROW + 1, 1));
        c.put("lr", ref(SGD_A_ROW + 2, 1));
        c.put("n", ref(SGD_A_ROW + 3, 1));
        c.put("loss", ref(SGD_A_ROW, 4));
        c.put("dLda", ref(SGD_A_ROW + 1, 4));
        c.put("dLdb", ref(SGD_A_ROW + 2, 4));
        c.put("newA", ref(SGD_A_ROW + 3, 4));
        c.put("newB", ref(SGD_A_ROW + 4, 4));
        c.put("newLoss", ref(SGD_A_ROW + 5, 4));
        return c;
    }

    /** The SGD sheet's table columns, in order. */
    public static final List<String> SGD_COLUMNS = List.of("x", "y", "prediction a·x+b", "error = prediction - y", "error²",
            "2·error·x", "2·error", "new prediction", "new error²");

    /** 0-based row of the first data row of the SGD table (one row per point). */
    public static int sgdFirstRow() { return SGD_FIRST_ROW; }

    private void writeSgdSheet(Workbook wb, Styles st) {
        Sheet s = wb.createSheet(SGD_SHEET);
        double[] x = sgd.x(), y = sgd.y();
        int n = x.length;
        text(s, 0, 0, "One step of gradient descent on y = a·x + b (loss: mean squared error)", st.title);
        text(s, 1, 0, "dL/da = mean(2·error·x), dL/db = mean(2·error); new a = a - lr·dL/da, new b = b - lr·dL/db.", null);
        String last = "" + (SGD_FIRST_ROW + n); // 1-based last data row
        String first = "" + (SGD_FIRST_ROW + 1);
        text(s, SGD_A_ROW, 0, "a", st.header);
        number(s, SGD_A_ROW, 1, sgd.a(), st.constant);
        text(s, SGD_A_ROW + 1, 0, "b", st.header);
        number(s, SGD_A_ROW + 1, 1, sgd.b(), st.constant);
        text(s, SGD_A_ROW + 2, 0, "learning rate", st.header);
        number(s, SGD_A_ROW + 2, 1, sgd.lr(), st.constant);
        text(s, SGD_A_ROW + 3, 0, "n", st.header);
        formula(s, SGD_A_ROW + 3, 1, "COUNT(A" + first + ":A" + last + ")", st.formula);

        text(s, SGD_A_ROW, 3, "loss (MSE)", st.header);
        formula(s, SGD_A_ROW, 4, "AVERAGE(E" + first + ":E" + last + ")", st.formula);
        text(s, SGD_A_ROW + 1, 3, "dL/da", st.header);
        formula(s, SGD_A_ROW + 1, 4, "AVERAGE(F" + first + ":F" + last + ")", st.formula);
        text(s, SGD_A_ROW + 2, 3, "dL/db", st.header);
        formula(s, SGD_A_ROW + 2, 4, "AVERAGE(G" + first + ":G" + last + ")", st.formula);
        text(s, SGD_A_ROW + 3, 3, "new a", st.header);
        formula(s, SGD_A_ROW + 3, 4, "$B$4-$B$6*$E$5", st.formula);
        text(s, SGD_A_ROW + 4, 3, "new b", st.header);
        formula(s, SGD_A_ROW + 4, 4, "$B$5-$B$6*$E$6", st.formula);
        text(s, SGD_A_ROW + 5, 3, "loss after the step", st.header);
        formula(s, SGD_A_ROW + 5, 4, "AVERAGE(I" + first + ":I" + last + ")", st.formula);

        for (int c = 0; c < SGD_COLUMNS.size(); c++) text(s, SGD_TABLE_HEADER, c, SGD_COLUMNS.get(c), st.header);
        for (int i = 0; i < n; i++) {
            int r = SGD_FIRST_ROW + i;
            String row = "" + (r + 1);
            number(s, r, 0, x[i], st.constant);
            number(s, r, 1, y[i], st.constant);
            formula(s, r, 2, "$B$4*A" + row + "+$B$5", st.formula);
            formula(s, r, 3, "C" + row + "-B" + row, st.formula);
            formula(s, r, 4, "D" + row + "^2", st.formula);
            formula(s, r, 5, "2*D" + row + "*A" + row, st.formula);
            formula(s, r, 6, "2*D" + row, st.formula);
            formula(s, r, 7, "$E$7*A" + row + "+$E$8", st.formula);
            formula(s, r, 8, "(H" + row + "-B" + row + ")^2", st.formula);
        }
        SheetCells.columnWidth(s, 0, 14);
        for (int c = 1; c < SGD_COLUMNS.size(); c++) SheetCells.columnWidth(s, c, 14);
        SheetCells.columnWidth(s, 3, 20);
    }

    // ------------------------------------------------------------------ checking

    /**
     * Reads {@code xlsx} back, recalculates every formula with POI's evaluator, and compares each
     * computed cell of the network sheet with {@link #forwardNd4j()} (and the std cells with
     * {@link #xavierStd}) and the SGD sheet's results with {@link LinearSgd}.
     */
    public Check verify(Path xlsx) {
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
            ev.clearAllCachedResultValues();
            ev.evaluateAll();
            Map<String, INDArray> expected = forwardNd4j();
            Sheet s = wb.getSheet(NETWORK_SHEET);
            if (s == null) throw new IllegalStateException(xlsx + " has no sheet '" + NETWORK_SHEET + "'");
            int count = 0;
            double worst = 0;
            String worstCell = "-";
            for (String name : computedBlocks()) {
                Block b = blocks().get(name);
                for (int i = 0; i < b.rows(); i++) {
                    for (int j = 0; j < b.cols(); j++) {
                        Cell c = s.getRow(b.row() + i).getCell(b.col() + j);
                        if (c == null || c.getCellType() != CellType.FORMULA) {
                            throw new IllegalStateException("cell " + ref(b.row() + i, b.col() + j) + " of block " + name + " is not a formula");
                        }
                        double want = name.startsWith("std")
                                ? xavierStd(sizes[Integer.parseInt(name.substring(3)) - 1], sizes[Integer.parseInt(name.substring(3))])
                                : expected.get(name).getDouble(i, j);
                        double d = Math.abs(c.getNumericCellValue() - want);
                        count++;
                        if (d > worst || worstCell.equals("-")) {
                            worst = Math.max(worst, d);
                            worstCell = NETWORK_SHEET + "!" + ref(b.row() + i, b.col() + j);
                        }
                    }
                }
            }
            Sheet g = wb.getSheet(SGD_SHEET);
            LinearSgd one = sgd.copy();
            double lossBefore = one.loss();
            double[] grad = one.gradient();
            one.step();
            Map<String, Double> want = new LinkedHashMap<>();
            want.put("loss", lossBefore);
            want.put("dLda", grad[0]);
            want.put("dLdb", grad[1]);
            want.put("newA", one.a());
            want.put("newB", one.b());
            want.put("newLoss", one.loss());
            for (Map.Entry<String, Double> w : want.entrySet()) {
                CellReference cr = new CellReference(sgdCells().get(w.getKey()));
                double got = g.getRow(cr.getRow()).getCell(cr.getCol()).getNumericCellValue();
                double d = Math.abs(got - w.getValue());
                count++;
                if (d > worst) {
                    worst = d;
                    worstCell = SGD_SHEET + "!" + cr.formatAsString();
                }
            }
            return new Check(count, worst, worstCell);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + xlsx, e);
        }
    }

    // ------------------------------------------------------------------ display

    /** The network sheet with its values (formulas on hover). */
    public SheetView view() { return sheetView(NETWORK_SHEET, SheetView.Mode.VALUES); }

    /** The network sheet with its formulas written out. */
    public SheetView formulaView() { return sheetView(NETWORK_SHEET, SheetView.Mode.FORMULAS); }

    /** The SGD sheet with its values (formulas on hover). */
    public SheetView sgdView() { return sheetView(SGD_SHEET, SheetView.Mode.VALUES); }

    /** The SGD sheet with its formulas written out. */
    public SheetView sgdFormulaView() { return sheetView(SGD_SHEET, SheetView.Mode.FORMULAS); }

    private SheetView sheetView(String sheet, SheetView.Mode mode) {
        try (XSSFWorkbook wb = workbook()) {
            return SheetView.of(wb, sheet, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public Map<String, String> mimeBundle() { return view().mimeBundle(); }

    @Override public String toString() {
        StringBuilder arch = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) arch.append(i == 0 ? "" : "-").append(sizes[i]);
        return String.format(Locale.ROOT, "ExcelNetwork %s, %d examples, mean loss %.6f", arch, inputs.length,
                forwardNd4j().get("meanLoss").getDouble(0, 0));
    }

    // ------------------------------------------------------------------ cell helpers

    private static void blockTitle(Sheet s, Block b, String title, Styles st) {
        text(s, BLOCK_TITLE_ROW, b.col(), title, st.title);
    }

    static String ref(int r, int c) {
        return new CellReference(r, c).formatAsString();
    }

    /** A1:B2-style range; {@code absRow}/{@code absCol} add the $ signs. */
    private static String range(int r0, int c0, int r1, int c1, boolean absRow, boolean absCol) {
        return new CellReference(r0, c0, absRow, absCol).formatAsString() + ":" + new CellReference(r1, c1, absRow, absCol).formatAsString();
    }

    private static void checkSizes(int[] sizes) {
        if (sizes == null || sizes.length < 2) throw new IllegalArgumentException("sizes needs at least an input size and a class count, e.g. {3, 4, 3, 2}");
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) throw new IllegalArgumentException("sizes[" + i + "] = " + sizes[i] + " must be at least 1");
        }
        if (sizes[sizes.length - 1] < 2) throw new IllegalArgumentException("the last size (classes) must be at least 2 for a softmax");
        for (int s : sizes) if (s > 50) throw new IllegalArgumentException("layer size " + s + " is too big for a readable spreadsheet (at most 50)");
    }

    private static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
