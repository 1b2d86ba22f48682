package fastai.lesson2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import fastai.lesson2.Sheets.Block;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * Log loss (binary cross-entropy) as a spreadsheet, the way the course read Kaggle's score for
 * dogs vs cats: one row per image with its label y (1 = cat), the model's probability p, p as the
 * scorer bounds it (into [floor, 1 − floor], so that a hard 0 or 1 does not give ln 0), the row's
 * loss written two ways ({@code −(y·ln p + (1−y)·ln(1−p))} and {@code −IF(y=1, ln p, ln(1−p))}),
 * then p clipped to [clip, 1 − clip] as the course did before submitting, and the loss of that.
 * Means at the bottom; floor and clip are input cells, so changing the clip recomputes the sheet.
 */
public final class LogLossSheet {
    public static final String SHEET = "logloss";
    /** Input cells: the scorer's floor and our clip level. */
    public static final String FLOOR_CELL = "$B$4", CLIP_CELL = "$B$5";
    private static final int FIRST_ROW = 8;

    private final int[] labels;
    private final double[] predictions;
    private final double floor, clip;

    private LogLossSheet(int[] labels, double[] predictions, double floor, double clip) {
        this.labels = labels;
        this.predictions = predictions;
        this.floor = floor;
        this.clip = clip;
    }

    /** Labels (0 or 1) and predicted probabilities of class 1, same length; floor and clip in [0, 0.5). */
    public static LogLossSheet of(int[] labels, double[] predictions, double floor, double clip) {
        if (labels == null || predictions == null || labels.length != predictions.length || labels.length == 0 || labels.length > 1000) {
            throw new IllegalArgumentException("labels and predictions must have the same length, 1 to 1000");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + ": expected 0 or 1");
            if (!(predictions[i] >= 0 && predictions[i] <= 1)) throw new IllegalArgumentException("predictions[" + i + "] = " + predictions[i] + ": expected a probability in [0, 1]");
        }
        if (!(floor >= 0 && floor < 0.5) || !(clip >= 0 && clip < 0.5)) throw new IllegalArgumentException("floor = " + floor + ", clip = " + clip + ": each must be in [0, 0.5)");
        return new LogLossSheet(labels.clone(), predictions.clone(), floor, clip);
    }

    /**
     * An over-confident model on {@code rows} images, as the course's first submission: about 60%
     * of rows predicted exactly 0 or 1 and right, a third right with some doubt, and one image
     * predicted exactly 1 when it is a dog. Scorer floor 0.0001, clip 0.05 (the lecture's values).
     */
    public static LogLossSheet overconfident(int rows, long seed) {
        if (rows < 3) throw new IllegalArgumentException("rows = " + rows + ": need at least 3");
        Random r = new Random(seed);
        int[] y = new int[rows];
        double[] p = new double[rows];
        int wrong = r.nextInt(rows);
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(2);
            double doubt = i == wrong ? 1.0 : r.nextDouble() < 0.6 ? 0.0 : Math.round((0.01 + 0.2 * r.nextDouble()) * 100) / 100.0;
            p[i] = y[i] == 1 ? 1 - doubt : doubt;
        }
        return of(y, p, 1e-4, 0.05);
    }

    public int[] labels() { return labels.clone(); }
    public double[] predictions() { return predictions.clone(); }
    public double floor() { return floor; }
    public double clip() { return clip; }
    public int rows() { return labels.length; }

    /**
     * Per-row columns: {@code floored}, {@code rowLoss} (product form), {@code rowLossIf}, {@code clipped},
     * {@code rowLossClipped}; under them {@code means} (1 × 2: both forms), {@code meanClipped} and {@code accuracy}.
     */
    public Block block(String name) {
        int n = labels.length;
        return switch (name) {
            case "floored" -> new Block(SHEET, FIRST_ROW, 3, n, 1);
            case "rowLoss" -> new Block(SHEET, FIRST_ROW, 4, n, 1);
            case "rowLossIf" -> new Block(SHEET, FIRST_ROW, 5, n, 1);
            case "clipped" -> new Block(SHEET, FIRST_ROW, 6, n, 1);
            case "rowLossClipped" -> new Block(SHEET, FIRST_ROW, 7, n, 1);
            case "means" -> new Block(SHEET, FIRST_ROW + n + 1, 4, 1, 2);
            case "meanClipped" -> new Block(SHEET, FIRST_ROW + n + 1, 7, 1, 1);
            case "accuracy" -> new Block(SHEET, FIRST_ROW + n + 1, 8, 1, 1);
            default -> throw new IllegalArgumentException("no block '" + name + "' (floored, rowLoss, rowLossIf, clipped, rowLossClipped, means, meanClipped, accuracy)");
        };
    }

    public XSSFWorkbook workbook() {
        XSSFWorkbook wb = new XSSFWorkbook();
        SheetCells.Styles st = new SheetCells.Styles(wb, "0.0000");
        Sheet s = wb.createSheet(SHEET);
        int n = labels.length;
        SheetCells.text(s, 0, 0, "Log loss, row by row: what an over-confident submission costs, and what clipping does", st.title);
        SheetCells.text(s, 1, 0, "y = 1 for a cat; p = the model's probability of cat. A hard 0 or 1 would give ln 0, so the scorer first bounds p to [floor, 1 − floor].", null);
        SheetCells.text(s, 3, 0, "scorer's floor", st.header);
        SheetCells.number(s, 3, 1, floor, st.constant);
        SheetCells.text(s, 4, 0, "our clip", st.header);
        SheetCells.number(s, 4, 1, clip, st.constant);
        String[] head = {"image", "y (cat = 1)", "p (model)", "p bounded", "loss −(y·ln p + (1−y)·ln(1−p))",
                "loss −IF(y=1, ln p, ln(1−p))", "p clipped", "loss of clipped p", "right?"};
        for (int c = 0; c < head.length; c++) SheetCells.text(s, FIRST_ROW - 1, c, head[c], st.header);
        for (int i = 0; i < n; i++) {
            int r = FIRST_ROW + i;
            String row = String.valueOf(r + 1);
            SheetCells.text(s, r, 0, "image " + (i + 1), null);
            SheetCells.number(s, r, 1, labels[i], st.constant);
            SheetCells.number(s, r, 2, predictions[i], st.constant);
            SheetCells.formula(s, r, 3, "MIN(MAX(C" + row + "," + FLOOR_CELL + "),1-" + FLOOR_CELL + ")", st.formula);
            SheetCells.formula(s, r, 4, "-(B" + row + "*LN(D" + row + ")+(1-B" + row + ")*LN(1-D" + row + "))", st.formula);
            SheetCells.formula(s, r, 5, "-IF(B" + row + "=1,LN(D" + row + "),LN(1-D" + row + "))", st.formula);
            SheetCells.formula(s, r, 6, "MIN(MAX(C" + row + "," + CLIP_CELL + "),1-" + CLIP_CELL + ")", st.formula);
            SheetCells.formula(s, r, 7, "-IF(B" + row + "=1,LN(G" + row + "),LN(1-G" + row + "))", st.formula);
            SheetCells.formula(s, r, 8, "IF((C" + row + ">=0.5)=(B" + row + "=1),1,0)", st.formula);
        }
        int m = FIRST_ROW + n + 1;
        String first = String.valueOf(FIRST_ROW + 1), last = String.valueOf(FIRST_ROW + n);
        SheetCells.text(s, m, 3, "mean", st.header);
        SheetCells.formula(s, m, 4, "AVERAGE(E" + first + ":E" + last + ")", st.formula);
        SheetCells.formula(s, m, 5, "AVERAGE(F" + first + ":F" + last + ")", st.formula);
        SheetCells.text(s, m, 6, "mean, clipped", st.header);
        SheetCells.formula(s, m, 7, "AVERAGE(H" + first + ":H" + last + ")", st.formula);
        SheetCells.formula(s, m, 8, "AVERAGE(I" + first + ":I" + last + ")", st.formula);
        SheetCells.text(s, m + 1, 8, "(accuracy)", null);
        s.setColumnWidth(0, 14 * 256);
        for (int c = 1; c < head.length; c++) s.setColumnWidth(c, 13 * 256);
        return Sheets.finish(wb);
    }

    public Path write(Path file) { return SheetCells.save(workbook(), file); }

    public SheetView view() { return Sheets.view(workbook(), SHEET); }

    /**
     * The sheet's mean loss of the clipped predictions for each clip level: the clip cell is set and
     * the workbook recalculated by POI's formula evaluator each time.
     */
    public double[] meanClippedLoss(double... clips) {
        try (XSSFWorkbook wb = workbook()) {
            FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
            Sheet s = wb.getSheet(SHEET);
            Cell clipCell = s.getRow(4).getCell(1);
            Block mean = block("meanClipped");
            Cell meanCell = s.getRow(mean.row()).getCell(mean.col());
            double[] out = new double[clips.length];
            for (int k = 0; k < clips.length; k++) {
                if (!(clips[k] >= 0 && clips[k] < 0.5)) throw new IllegalArgumentException("clip " + clips[k] + " is not in [0, 0.5)");
                clipCell.setCellValue(clips[k]);
                ev.notifyUpdateCell(clipCell);
                out[k] = ev.evaluate(meanCell).getNumberValue();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sheet's mean log loss with the scorer's floor only (no clipping of ours). */
    public double meanLoss() {
        try (XSSFWorkbook wb = workbook()) {
            return Sheets.values(wb, wb.getCreationHelper().createFormulaEvaluator(), block("means"))[0][0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DL4J's binary cross-entropy ({@code LossBinaryXENT}, which clips to [clip, 1 − clip]) on the same labels and predictions. */
    public double nd4jMeanLoss(double clip) {
        INDArray y = Nd4j.create(java.util.Arrays.stream(labels).asDoubleStream().toArray(), new long[] {labels.length, 1}, DataType.DOUBLE);
        INDArray p = Nd4j.create(predictions, new long[] {labels.length, 1}, DataType.DOUBLE);
        return new LossBinaryXENT(clip).computeScore(y, p, Activation.IDENTITY.getActivationFunction(), null, true);
    }

    /** Mean log loss against the clip level (log scale), from the live sheet, with the unclipped score for reference. */
    public XYChart chart(double... clips) {
        if (clips.length < 2) throw new IllegalArgumentException("chart needs at least two clip levels, got " + clips.length);
        double[] loss = meanClippedLoss(clips);
        XYChart c = new XYChartBuilder().width(560).height(360).title("Clipping the predictions: mean log loss of this sheet")
                .xAxisTitle("clip level c (p is clipped to [c, 1 − c]; log scale)").yAxisTitle("mean log loss").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.addSeries("clipped", clips, loss).setMarker(SeriesMarkers.CIRCLE);
        double none = meanLoss();
        c.addSeries(String.format(Locale.ROOT, "not clipped (%.3f)", none), new double[] {clips[0], clips[clips.length - 1]}, new double[] {none, none})
                .setMarker(SeriesMarkers.NONE);
        double[] course = meanClippedLoss(0.05);
        c.addSeries("course's clip 0.05", new double[] {0.05}, course).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return c;
    }
}
