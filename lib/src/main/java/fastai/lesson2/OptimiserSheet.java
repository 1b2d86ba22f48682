package fastai.lesson2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import fastai.lesson2.Sheets.Block;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Name;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.ScatterStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFScatterChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
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

/**
 * The course's gradient-descent spreadsheet: five optimisers fit the same line y = a·x + b to the
 * same points (mean squared error, full-batch gradient), each on its own sheet, one row per step
 * with a, b, the loss, the two derivatives, the optimiser's running state and the step it takes —
 * all live formulas. The update rules are ND4J's own ({@code org.nd4j.linalg.learning}), written
 * out: {@link Optimiser#SGD}, {@link Optimiser#MOMENTUM} (ND4J's {@code Nesterovs}: Nesterov
 * momentum), {@link Optimiser#ADAGRAD}, {@link Optimiser#RMSPROP} and {@link Optimiser#ADAM}, with
 * the initial state ND4J gives them (AdaGrad's and RMSprop's accumulators start at epsilon).
 *
 * <p>Sheet {@code data}: x, y and five sums over them (defined names {@code n_points, sum_x, sum_y,
 * sum_xx, sum_xy, sum_yy}); from these each step row gets the loss
 * {@code (a²Σx² + 2abΣx + nb² − 2aΣxy − 2bΣy + Σy²)/n} and the derivatives
 * {@code ∂L/∂a = 2(aΣx² + bΣx − Σxy)/n}, {@code ∂L/∂b = 2(aΣx + nb − Σy)/n} without a column per point.
 * Sheet {@code summary}: per optimiser a and b after the last step and the loss along the way, and two
 * Excel charts drawn from the optimisers' sheets (loss per step, and the path of (a, b)).
 */
public final class OptimiserSheet {
    public static final String DATA = "data", SUMMARY = "summary";
    private static final int HEADER_ROW = 8, START_ROW = 9; // START_ROW: the state's initial values; steps below it

    /** The five optimisers, each with its hyperparameter names (learning rate first) and running-state column names. */
    public enum Optimiser {
        SGD("sgd", List.of("learning rate"), List.of()),
        MOMENTUM("momentum", List.of("learning rate", "momentum μ"), List.of("v_a", "v_b")),
        ADAGRAD("adagrad", List.of("learning rate", "epsilon"), List.of("Σg²_a", "Σg²_b")),
        RMSPROP("rmsprop", List.of("learning rate", "decay ρ", "epsilon"), List.of("s_a", "s_b")),
        ADAM("adam", List.of("learning rate", "β1", "β2", "epsilon"), List.of("m_a", "m_b", "v_a", "v_b"));

        public final String sheet;
        public final List<String> hyperparameters, state;

        Optimiser(String sheet, List<String> hyperparameters, List<String> state) {
            this.sheet = sheet;
            this.hyperparameters = hyperparameters;
            this.state = state;
        }

        /** ND4J's updater with these hyperparameter values. */
        public IUpdater nd4j(double[] h) {
            return switch (this) {
                case SGD -> new Sgd(h[0]);
                case MOMENTUM -> new Nesterovs(h[0], h[1]);
                case ADAGRAD -> new AdaGrad(h[0], h[1]);
                case RMSPROP -> new RmsProp(h[0], h[1], h[2]);
                case ADAM -> new Adam(h[0], h[1], h[2], h[3]);
            };
        }
    }

    private final double[] x, y;
    private final double a0, b0;
    private final int steps;
    private final Map<Optimiser, double[]> hyper;

    private OptimiserSheet(double[] x, double[] y, double a0, double b0, int steps, Map<Optimiser, double[]> hyper) {
        this.x = x;
        this.y = y;
        this.a0 = a0;
        this.b0 = b0;
        this.steps = steps;
        this.hyper = hyper;
    }

    /**
     * The points (x, y), starting guess (a0, b0), number of steps, and these hyperparameters: SGD lr 0.1;
     * momentum lr 0.03, μ 0.9; AdaGrad lr 1, ε 1e-6; RMSprop lr 0.3, ρ 0.95, ε 1e-8; Adam lr 0.3,
     * β1 0.9, β2 0.999, ε 1e-8 (ND4J's defaults except the learning rates, picked from a small grid
     * (0.01 to 3) so that each gets close in 50 steps on lesson 2's line).
     */
    public static OptimiserSheet of(double[] x, double[] y, double a0, double b0, int steps) {
        if (x == null || y == null || x.length != y.length || x.length < 2 || x.length > 1000) {
            throw new IllegalArgumentException("x and y must have the same length, 2 to 1000 points");
        }
        if (steps < 1 || steps > 1000) throw new IllegalArgumentException("steps = " + steps + ": expected 1 to 1000");
        Map<Optimiser, double[]> h = new LinkedHashMap<>();
        h.put(Optimiser.SGD, new double[] {0.1});
        h.put(Optimiser.MOMENTUM, new double[] {0.03, 0.9});
        h.put(Optimiser.ADAGRAD, new double[] {1.0, 1e-6});
        h.put(Optimiser.RMSPROP, new double[] {0.3, 0.95, 1e-8});
        h.put(Optimiser.ADAM, new double[] {0.3, 0.9, 0.999, 1e-8});
        return new OptimiserSheet(x.clone(), y.clone(), a0, b0, steps, h);
    }

    /** The same sheet with other hyperparameters for one optimiser (as many values as it has names). */
    public OptimiserSheet with(Optimiser o, double... values) {
        if (values.length != o.hyperparameters.size()) {
            throw new IllegalArgumentException(o + " takes " + o.hyperparameters.size() + " hyperparameters " + o.hyperparameters + ", got " + values.length);
        }
        Map<Optimiser, double[]> h = new LinkedHashMap<>(hyper);
        h.put(o, values.clone());
        return new OptimiserSheet(x, y, a0, b0, steps, h);
    }

    public int steps() { return steps; }
    public double[] hyperparameters(Optimiser o) { return hyper.get(o).clone(); }
    public double[] x() { return x.clone(); }
    public double[] y() { return y.clone(); }
    public double a0() { return a0; }
    public double b0() { return b0; }

    /** One optimiser's path on its sheet: [steps + 1][3] for a, b and loss at step 0 … steps. */
    public Block path(Optimiser o) { return new Block(o.sheet, START_ROW + 1, 1, steps + 1, 3); }

    /** The summary rows (one per optimiser): a and b after the last step. */
    public Block summaryFinal() { return new Block(SUMMARY, 4, 1, Optimiser.values().length, 2); }

    public XSSFWorkbook workbook() {
        XSSFWorkbook wb = new XSSFWorkbook();
        SheetCells.Styles st = new SheetCells.Styles(wb, "0.000000");
        writeSummary(wb, st); // first sheet, filled with formulas that refer to the others
        writeData(wb, st);
        for (Optimiser o : Optimiser.values()) writeOptimiser(wb, st, o);
        Sheets.finish(wb); // values first: the charts cache the numbers they are drawn from
        Sheet summary = wb.getSheet(SUMMARY);
        int below = 5 + Optimiser.values().length;
        excelChart(summary, below, 0, "Loss per step (log scale)", "step", "loss (MSE)", 0, 3, true);
        excelChart(summary, below, 8, "Paths of (a, b)", "a", "b", 1, 2, false);
        return wb;
    }

    private void writeData(XSSFWorkbook wb, SheetCells.Styles st) {
        Sheet s = wb.createSheet(DATA);
        int n = x.length;
        SheetCells.text(s, 0, 0, "The points every optimiser fits with y = a·x + b", st.title);
        SheetCells.text(s, 2, 0, "x", st.header);
        SheetCells.text(s, 2, 1, "y", st.header);
        for (int i = 0; i < n; i++) {
            SheetCells.number(s, 3 + i, 0, x[i], st.constant);
            SheetCells.number(s, 3 + i, 1, y[i], st.constant);
        }
        String xs = "$A$4:$A$" + (3 + n), ys = "$B$4:$B$" + (3 + n);
        String[][] sums = {{"n_points", "COUNT(" + xs + ")"}, {"sum_x", "SUM(" + xs + ")"}, {"sum_y", "SUM(" + ys + ")"},
                {"sum_xx", "SUMPRODUCT(" + xs + "," + xs + ")"}, {"sum_xy", "SUMPRODUCT(" + xs + "," + ys + ")"}, {"sum_yy", "SUMPRODUCT(" + ys + "," + ys + ")"}};
        SheetCells.text(s, 2, 3, "sums (defined names, used by every optimiser's sheet)", st.header);
        for (int k = 0; k < sums.length; k++) {
            SheetCells.text(s, 3 + k, 3, sums[k][0], st.header);
            SheetCells.formula(s, 3 + k, 4, sums[k][1], st.formula);
            Name name = wb.createName();
            name.setNameName(sums[k][0]);
            name.setRefersToFormula(DATA + "!" + new CellReference(3 + k, 4, true, true).formatAsString());
        }
        s.setColumnWidth(3, 12 * 256);
        s.setColumnWidth(4, 14 * 256);
    }

    private void writeOptimiser(XSSFWorkbook wb, SheetCells.Styles st, Optimiser o) {
        Sheet s = wb.createSheet(o.sheet);
        SheetCells.text(s, 0, 0, title(o), st.title);
        SheetCells.text(s, 1, 0, rule(o), null);
        double[] h = hyper.get(o);
        for (int k = 0; k < h.length; k++) {
            SheetCells.text(s, 2 + k, 0, o.hyperparameters.get(k), st.header);
            SheetCells.number(s, 2 + k, 1, h[k], st.constant);
        }
        List<String> head = new ArrayList<>(List.of("step t", "a", "b", "loss (MSE)", "dL/da", "dL/db"));
        head.addAll(o.state);
        head.add("step for a");
        head.add("step for b");
        for (int c = 0; c < head.size(); c++) SheetCells.text(s, HEADER_ROW, c, head.get(c), st.header);
        int ns = o.state.size(), ua = 6 + ns, ub = ua + 1;
        // the state's starting values, as ND4J sets them
        SheetCells.text(s, START_ROW, 0, "start", st.header);
        double init = o == Optimiser.ADAGRAD || o == Optimiser.RMSPROP ? h[h.length - 1] : 0.0;
        for (int k = 0; k < ns; k++) SheetCells.number(s, START_ROW, 6 + k, init, st.constant);
        for (int t = 0; t <= steps; t++) {
            int r = START_ROW + 1 + t;
            String R = String.valueOf(r + 1), P = String.valueOf(r);
            SheetCells.number(s, r, 0, t, null);
            if (t == 0) {
                SheetCells.number(s, r, 1, a0, st.constant);
                SheetCells.number(s, r, 2, b0, st.constant);
            } else {
                SheetCells.formula(s, r, 1, "B" + P + "-" + col(ua) + P, st.formula);
                SheetCells.formula(s, r, 2, "C" + P + "-" + col(ub) + P, st.formula);
            }
            String a = "B" + R, b = "C" + R;
            SheetCells.formula(s, r, 3, String.format(Locale.ROOT, "(%s^2*sum_xx+2*%s*%s*sum_x+n_points*%s^2-2*%s*sum_xy-2*%s*sum_y+sum_yy)/n_points", a, a, b, b, a, b), st.formula);
            SheetCells.formula(s, r, 4, String.format(Locale.ROOT, "2*(%s*sum_xx+%s*sum_x-sum_xy)/n_points", a, b), st.formula);
            SheetCells.formula(s, r, 5, String.format(Locale.ROOT, "2*(%s*sum_x+%s*n_points-sum_y)/n_points", a, b), st.formula);
            for (int p = 0; p < 2; p++) { // p = 0: parameter a, 1: parameter b
                String g = (p == 0 ? "E" : "F") + R;
                String upd;
                switch (o) {
                    case SGD -> upd = "$B$3*" + g;
                    case MOMENTUM -> {
                        String v = col(6 + p);
                        SheetCells.formula(s, r, 6 + p, "$B$4*" + v + P + "-$B$3*" + g, st.formula);
                        upd = "$B$4*" + v + P + "-(1+$B$4)*" + v + R;
                    }
                    case ADAGRAD -> {
                        String acc = col(6 + p);
                        SheetCells.formula(s, r, 6 + p, acc + P + "+" + g + "^2", st.formula);
                        upd = "$B$3*" + g + "/(SQRT(" + acc + R + ")+$B$4)";
                    }
                    case RMSPROP -> {
                        String acc = col(6 + p);
                        SheetCells.formula(s, r, 6 + p, "$B$4*" + acc + P + "+(1-$B$4)*" + g + "^2", st.formula);
                        upd = "$B$3*" + g + "/(SQRT(" + acc + R + ")+$B$5)";
                    }
                    case ADAM -> {
                        String m = col(6 + p), v = col(8 + p);
                        SheetCells.formula(s, r, 6 + p, "$B$4*" + m + P + "+(1-$B$4)*" + g, st.formula);
                        SheetCells.formula(s, r, 8 + p, "$B$5*" + v + P + "+(1-$B$5)*" + g + "^2", st.formula);
                        upd = "$B$3*SQRT(1-$B$5^(A" + R + "+1))/(1-$B$4^(A" + R + "+1))*" + m + R + "/(SQRT(" + v + R + ")+$B$6)";
                    }
                    default -> throw new IllegalStateException();
                }
                SheetCells.formula(s, r, p == 0 ? ua : ub, upd, st.formula);
            }
        }
        s.setColumnWidth(0, 14 * 256);
        for (int c = 1; c < head.size(); c++) s.setColumnWidth(c, 12 * 256);
        s.createFreezePane(0, START_ROW);
    }

    private static String title(Optimiser o) {
        return switch (o) {
            case SGD -> "Plain gradient descent: each step is the learning rate times the derivative";
            case MOMENTUM -> "Momentum (Nesterov's form, as ND4J's Nesterovs): a velocity v that remembers past steps";
            case ADAGRAD -> "AdaGrad: each parameter's step is divided by the root of its summed squared derivatives";
            case RMSPROP -> "RMSprop: like AdaGrad, but a decaying average of squared derivatives, so steps do not shrink for ever";
            case ADAM -> "Adam: momentum (m) and RMSprop (v) together, with bias correction for their zero start";
        };
    }

    private static String rule(Optimiser o) {
        return switch (o) {
            case SGD -> "step = lr·g; new a = a − step.";
            case MOMENTUM -> "v = μ·v_prev − lr·g; step = μ·v_prev − (1+μ)·v; new a = a − step.";
            case ADAGRAD -> "Σg² = Σg²_prev + g² (starts at ε); step = lr·g / (√Σg² + ε).";
            case RMSPROP -> "s = ρ·s_prev + (1−ρ)·g² (starts at ε); step = lr·g / (√s + ε).";
            case ADAM -> "m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; step = lr·√(1−β2^(t+1))/(1−β1^(t+1)) · m / (√v + ε).";
        };
    }

    private void writeSummary(XSSFWorkbook wb, SheetCells.Styles st) {
        Sheet s = wb.createSheet(SUMMARY);
        SheetCells.text(s, 0, 0, "Five optimisers fitting y = a·x + b from a = " + fmt(a0) + ", b = " + fmt(b0) + ": where each is after " + steps + " steps", st.title);
        SheetCells.text(s, 1, 0, "Every number links to the optimiser's own sheet; change a learning rate there and this table follows.", null);
        int[] at = lossSteps();
        SheetCells.text(s, 3, 0, "optimiser", st.header);
        SheetCells.text(s, 3, 1, "a after " + steps, st.header);
        SheetCells.text(s, 3, 2, "b after " + steps, st.header);
        for (int k = 0; k < at.length; k++) SheetCells.text(s, 3, 3 + k, "loss at step " + at[k], st.header);
        Optimiser[] all = Optimiser.values();
        for (int i = 0; i < all.length; i++) {
            Block p = path(all[i]);
            SheetCells.text(s, 4 + i, 0, all[i].sheet, st.header);
            SheetCells.formula(s, 4 + i, 1, all[i].sheet + "!" + p.ref(steps, 0, true), st.formula);
            SheetCells.formula(s, 4 + i, 2, all[i].sheet + "!" + p.ref(steps, 1, true), st.formula);
            for (int k = 0; k < at.length; k++) SheetCells.formula(s, 4 + i, 3 + k, all[i].sheet + "!" + p.ref(at[k], 2, true), st.formula);
        }
        s.setColumnWidth(0, 12 * 256);
        for (int c = 1; c < 3 + at.length; c++) s.setColumnWidth(c, 15 * 256);
    }

    /**
     * An Excel scatter chart with lines on {@code s} at (row, col): one series per optimiser, x and y from
     * columns {@code xCol} and {@code yCol} of its sheet's step rows; it reads the cells, so it follows the formulas.
     */
    private void excelChart(Sheet s, int row, int col, String title, String xTitle, String yTitle, int xCol, int yCol, boolean logY) {
        XSSFDrawing drawing = (XSSFDrawing) s.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, col, row, col + 8, row + 22));
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFValueAxis x = chart.createValueAxis(AxisPosition.BOTTOM);
        x.setTitle(xTitle);
        XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
        y.setTitle(yTitle);
        y.setCrosses(AxisCrosses.AUTO_ZERO);
        if (logY) y.setLogBase(10);
        XDDFScatterChartData data = (XDDFScatterChartData) chart.createData(ChartTypes.SCATTER, x, y);
        int first = START_ROW + 1, last = START_ROW + 1 + steps;
        for (Optimiser o : Optimiser.values()) {
            Sheet os = s.getWorkbook().getSheet(o.sheet);
            XDDFNumericalDataSource<Double> xs = XDDFDataSourcesFactory.fromNumericCellRange((org.apache.poi.xssf.usermodel.XSSFSheet) os, new CellRangeAddress(first, last, xCol, xCol));
            XDDFNumericalDataSource<Double> ys = XDDFDataSourcesFactory.fromNumericCellRange((org.apache.poi.xssf.usermodel.XSSFSheet) os, new CellRangeAddress(first, last, yCol, yCol));
            XDDFScatterChartData.Series series = (XDDFScatterChartData.Series) data.addSeries(xs, ys);
            series.setTitle(o.sheet, null);
            series.setSmooth(false);
            series.setMarkerStyle(MarkerStyle.NONE);
        }
        data.setStyle(ScatterStyle.LINE);
        chart.plot(data);
    }

    /** The steps whose loss the summary shows. */
    int[] lossSteps() {
        return java.util.stream.IntStream.of(0, steps / 8, steps / 4, steps / 2, steps).distinct().toArray();
    }

    public Path write(Path file) { return SheetCells.save(workbook(), file); }

    /** The summary sheet as a table. */
    public SheetView view() { return Sheets.view(workbook(), SUMMARY); }

    /** One optimiser's sheet as a table. */
    public SheetView view(Optimiser o) { return Sheets.view(workbook(), o.sheet); }

    /** Every optimiser's path as the workbook computes it: [steps + 1][a, b, loss]. */
    public Map<Optimiser, double[][]> paths() {
        try (XSSFWorkbook wb = workbook()) {
            FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
            Map<Optimiser, double[][]> out = new LinkedHashMap<>();
            for (Optimiser o : Optimiser.values()) out.put(o, Sheets.values(wb, ev, path(o)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same fit with ND4J's updater for {@code o}, applied to the same full-batch gradients:
     * [steps + 1][a, b, loss].
     */
    public double[][] nd4jPath(Optimiser o) {
        INDArray xs = Nd4j.create(x).castTo(DataType.DOUBLE), ys = Nd4j.create(y).castTo(DataType.DOUBLE);
        IUpdater config = o.nd4j(hyper.get(o));
        long size = config.stateSize(2);
        INDArray state = size == 0 ? null : Nd4j.zeros(DataType.DOUBLE, 1, size);
        GradientUpdater<?> updater = config.instantiate(state, true);
        double a = a0, b = b0;
        double[][] path = new double[steps + 1][];
        for (int t = 0; t <= steps; t++) {
            INDArray err = xs.mul(a).addi(b).subi(ys);
            path[t] = new double[] {a, b, err.mul(err).meanNumber().doubleValue()};
            if (t == steps) break;
            INDArray grad = Nd4j.create(new double[][] {{2 * err.mul(xs).meanNumber().doubleValue(), 2 * err.meanNumber().doubleValue()}}).castTo(DataType.DOUBLE);
            updater.applyUpdater(grad, t, 0);
            a -= grad.getDouble(0, 0);
            b -= grad.getDouble(0, 1);
        }
        return path;
    }

    /** Largest |sheet − ND4J| of a and b over every step of every optimiser. */
    public double maxDifferenceFromNd4j() {
        double worst = 0;
        for (Map.Entry<Optimiser, double[][]> e : paths().entrySet()) {
            double[][] want = nd4jPath(e.getKey());
            for (int t = 0; t <= steps; t++) {
                for (int k = 0; k < 2; k++) worst = Math.max(worst, Math.abs(e.getValue()[t][k] - want[t][k]));
            }
        }
        return worst;
    }

    /** Each optimiser's path in the (a, b) plane, from the sheet, with the best line marked. */
    public XYChart pathChart() {
        XYChart c = new XYChartBuilder().width(560).height(420).title("Paths of (a, b), " + steps + " steps each")
                .xAxisTitle("a").yAxisTitle("b").build();
        for (Map.Entry<Optimiser, double[][]> e : paths().entrySet()) {
            double[][] p = e.getValue();
            double[] as = new double[p.length], bs = new double[p.length];
            for (int t = 0; t < p.length; t++) { as[t] = p[t][0]; bs[t] = p[t][1]; }
            c.addSeries(e.getKey().sheet, as, bs).setMarker(SeriesMarkers.CIRCLE);
        }
        double[] best = leastSquares();
        c.addSeries(String.format(Locale.ROOT, "least squares (%.2f, %.2f)", best[0], best[1]), new double[] {best[0]}, new double[] {best[1]})
                .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.DIAMOND);
        c.getStyler().setMarkerSize(4);
        return c;
    }

    /** Loss per step (log scale), from the sheet. */
    public XYChart lossChart() {
        XYChart c = new XYChartBuilder().width(560).height(420).title("Loss per step").xAxisTitle("step")
                .yAxisTitle("mean squared error (log scale)").build();
        c.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<Optimiser, double[][]> e : paths().entrySet()) {
            double[][] p = e.getValue();
            double[] t = new double[p.length], l = new double[p.length];
            for (int i = 0; i < p.length; i++) { t[i] = i; l[i] = Math.max(p[i][2], 1e-12); }
            c.addSeries(e.getKey().sheet, t, l).setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    /** The exact least-squares line (a, b) for these points. */
    public double[] leastSquares() {
        int n = x.length;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) { sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i]; }
        double a = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return new double[] {a, (sy - a * sx) / n};
    }

    private static String col(int c) { return CellReference.convertNumToColString(c); }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.4g", v); }
}
