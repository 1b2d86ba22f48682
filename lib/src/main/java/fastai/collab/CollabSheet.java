package fastai.collab;

import static fastai.lesson2.SheetCells.cell;
import static fastai.lesson2.SheetCells.formula;
import static fastai.lesson2.SheetCells.number;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import fastai.lesson2.SheetCells;
import fastai.lesson2.SheetCells.Styles;
import fastai.lesson2.SheetView;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The course's collaborative-filtering spreadsheet as a real {@code .xlsx} with live formulas:
 * a crosstab of ratings (users × movies), a table of user factors on the left and of movie factors
 * on top, each prediction cell the dot product of its user's row and its movie's column
 * ({@code =IF(ISNUMBER(rating), MMULT(user row, movie column), "")}: blank where there is no rating
 * to compare with), a block of squared errors and the loss cell (their mean, the MSE).
 *
 * <p>Two sheets share that layout: {@value #RANDOM_SHEET} with factors drawn uniformly from [0, 1)
 * (the course's RAND()), and {@value #FITTED_SHEET} with the factors after {@link #fit} (gradient
 * descent on the same loss, done by ND4J, as Excel's Solver did in the course), written as values.
 * Opening the file in LibreOffice or Excel shows the predictions, which recalculate if a factor is
 * changed by hand. {@link #verify} recalculates every formula with POI and compares with ND4J.
 */
public final class CollabSheet {
    public static final String RANDOM_SHEET = "random factors", FITTED_SHEET = "fitted factors";

    private final Crosstab ratings;
    private final INDArray userFactors0, movieFactors0; // users × k, k × movies
    private INDArray userFactors, movieFactors;
    private int steps;

    private CollabSheet(Crosstab ratings, INDArray u, INDArray m) {
        this.ratings = ratings;
        this.userFactors0 = u;
        this.movieFactors0 = m;
        this.userFactors = u.dup();
        this.movieFactors = m.dup();
    }

    /** Random factors in [0, 1), {@code k} per user and per movie, from {@code seed}. */
    public static CollabSheet random(Crosstab ratings, int k, long seed) {
        Random rnd = new Random(seed);
        double[][] u = new double[ratings.users()][k], m = new double[k][ratings.movies()];
        for (double[] row : u) for (int j = 0; j < k; j++) row[j] = rnd.nextDouble();
        for (double[] row : m) for (int j = 0; j < row.length; j++) row[j] = rnd.nextDouble();
        return new CollabSheet(ratings, Nd4j.create(u), Nd4j.create(m));
    }

    public Crosstab crosstab() { return ratings; }
    public int factors() { return (int) userFactors0.columns(); }
    public INDArray randomUserFactors() { return userFactors0.dup(); }
    public INDArray randomMovieFactors() { return movieFactors0.dup(); }
    public INDArray fittedUserFactors() { return userFactors.dup(); }
    public INDArray fittedMovieFactors() { return movieFactors.dup(); }
    public int fitSteps() { return steps; }

    /** The ratings as a matrix (0 where missing) and the mask of present ratings. */
    private INDArray[] targetAndMask() {
        double[][] y = new double[ratings.users()][ratings.movies()], mask = new double[ratings.users()][ratings.movies()];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[i].length; j++) {
                double v = ratings.value(i, j);
                if (!Double.isNaN(v)) { y[i][j] = v; mask[i][j] = 1; }
            }
        }
        return new INDArray[] {Nd4j.create(y), Nd4j.create(mask)};
    }

    /** The predictions U·M (users × movies), computed by ND4J. */
    public static INDArray predictions(INDArray userFactors, INDArray movieFactors) {
        return userFactors.mmul(movieFactors);
    }

    /** Mean squared error of {@code U·M} over the present ratings, computed by ND4J. */
    public double mse(INDArray userFactors, INDArray movieFactors) {
        INDArray[] ym = targetAndMask();
        INDArray d = predictions(userFactors, movieFactors).sub(ym[0]).muli(ym[1]);
        return d.mul(d).sumNumber().doubleValue() / ym[1].sumNumber().doubleValue();
    }

    public double randomMse() { return mse(userFactors0, movieFactors0); }
    public double fittedMse() { return mse(userFactors, movieFactors); }

    /**
     * Fits the factors by {@code steps} full-batch Adam steps (learning rate {@code lr}) on the MSE
     * over the present ratings, starting from the random factors. The gradients are written out:
     * with E = (U·M − Y)∘mask and n ratings, ∂L/∂U = 2/n · E·Mᵀ and ∂L/∂M = 2/n · Uᵀ·E.
     */
    public CollabSheet fit(int steps, double lr) {
        INDArray[] ym = targetAndMask();
        double n = ym[1].sumNumber().doubleValue();
        INDArray u = userFactors0.dup(), m = movieFactors0.dup();
        INDArray[] first = {Nd4j.zerosLike(u), Nd4j.zerosLike(m)}, second = {Nd4j.zerosLike(u), Nd4j.zerosLike(m)};
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (int t = 1; t <= steps; t++) {
            INDArray e = u.mmul(m).subi(ym[0]).muli(ym[1]);
            INDArray[] grads = {e.mmul(m.transpose()).muli(2 / n), u.transpose().mmul(e).muli(2 / n)};
            INDArray[] params = {u, m};
            for (int p = 0; p < 2; p++) {
                first[p].muli(b1).addi(grads[p].mul(1 - b1));
                second[p].muli(b2).addi(grads[p].mul(grads[p]).muli(1 - b2));
                INDArray mHat = first[p].div(1 - Math.pow(b1, t)), vHat = second[p].div(1 - Math.pow(b2, t));
                params[p].subi(mHat.muli(lr).divi(Transforms.sqrt(vHat).addi(eps)));
            }
        }
        userFactors = u;
        movieFactors = m;
        this.steps = steps;
        return this;
    }

    // ------------------------------------------------------------------ layout

    private static final int FACTOR_ROW = 3, FIRST_USER_COL = 1;

    private int k() { return factors(); }
    private int predCol() { return k() + 2; }                          // first movie column
    private int movieHeaderRow() { return FACTOR_ROW + k(); }           // movie ids above the predictions
    private int predRow() { return movieHeaderRow() + 1; }              // first user row of the predictions
    private int ratingRow() { return predRow() + ratings.users() + 2; } // first row of the ratings block
    private int errorRow() { return ratingRow() + ratings.users() + 2; }
    private int lossRow() { return errorRow() + ratings.users() + 1; }

    /** The A1 address of the MSE cell (the same on both sheets). */
    public String lossCell() { return ref(lossRow(), predCol()); }

    /** The A1 address of the prediction for user i, movie j. */
    public String predictionCell(int i, int j) { return ref(predRow() + i, predCol() + j); }

    private static String ref(int r, int c) { return new CellReference(r, c).formatAsString(); }

    // ------------------------------------------------------------------ the workbook

    public XSSFWorkbook workbook() {
        XSSFWorkbook wb = new XSSFWorkbook();
        Styles st = new Styles(wb, "0.00");
        writeSheet(wb, st, RANDOM_SHEET, userFactors0, movieFactors0,
                "Factors drawn at random from [0, 1): the predictions are poor.");
        writeSheet(wb, st, FITTED_SHEET, userFactors, movieFactors,
                String.format(Locale.ROOT, "Factors after %d steps of gradient descent (Adam) on the loss, computed outside the sheet and written as values.", steps));
        XSSFFormulaEvaluator.evaluateAllFormulaCells(wb);
        wb.setForceFormulaRecalculation(true);
        return wb;
    }

    /** Writes the workbook atomically; returns its absolute path. */
    public Path write(Path file) { return SheetCells.save(workbook(), file); }

    private void writeSheet(Workbook wb, Styles st, String name, INDArray u, INDArray m, String note) {
        Sheet s = wb.createSheet(name);
        int nu = ratings.users(), nm = ratings.movies(), k = k(), pc = predCol();
        text(s, 0, 0, "Collaborative filtering in a spreadsheet: rating ≈ user factors · movie factors (" + k + " factors)", st.title);
        text(s, 1, 0, note + " Blue cells are constants, yellow cells formulas.", null);
        for (int f = 0; f < k; f++) {
            text(s, FACTOR_ROW + f, pc - 1, "factor " + (f + 1), st.header);
            for (int j = 0; j < nm; j++) number(s, FACTOR_ROW + f, pc + j, m.getDouble(f, j), st.constant);
        }
        text(s, FACTOR_ROW - 1, pc, "movie factors (one column per movie)", st.title);
        text(s, movieHeaderRow(), 0, "user \\ movie", st.header);
        for (int f = 0; f < k; f++) text(s, movieHeaderRow(), FIRST_USER_COL + f, "factor " + (f + 1), st.header);
        text(s, movieHeaderRow() - 1, FIRST_USER_COL, "user factors (one row per user)", st.title);
        text(s, predRow() - 1, pc, "", null);
        text(s, ratingRow() - 1, 0, "ratings", st.title);
        text(s, errorRow() - 1, 0, "squared errors", st.title);
        int[] movieIds = ratings.movieIds(), userIds = ratings.userIds();
        for (int j = 0; j < nm; j++) {
            number(s, movieHeaderRow(), pc + j, movieIds[j], st.header);
            number(s, ratingRow() - 1, pc + j, movieIds[j], st.header);
            number(s, errorRow() - 1, pc + j, movieIds[j], st.header);
        }
        for (int i = 0; i < nu; i++) {
            number(s, predRow() + i, 0, userIds[i], st.header);
            number(s, ratingRow() + i, 0, userIds[i], st.header);
            number(s, errorRow() + i, 0, userIds[i], st.header);
            for (int f = 0; f < k; f++) number(s, predRow() + i, FIRST_USER_COL + f, u.getDouble(i, f), st.constant);
            String userRow = "$" + CellReference.convertNumToColString(FIRST_USER_COL) + (predRow() + i + 1)
                    + ":$" + CellReference.convertNumToColString(FIRST_USER_COL + k - 1) + (predRow() + i + 1);
            for (int j = 0; j < nm; j++) {
                String col = CellReference.convertNumToColString(pc + j);
                String movieCol = col + "$" + (FACTOR_ROW + 1) + ":" + col + "$" + (FACTOR_ROW + k);
                String rating = ref(ratingRow() + i, pc + j), pred = ref(predRow() + i, pc + j);
                double v = ratings.value(i, j);
                if (!Double.isNaN(v)) number(s, ratingRow() + i, pc + j, v, st.constant);
                formula(s, predRow() + i, pc + j, "IF(ISNUMBER(" + rating + "),MMULT(" + userRow + "," + movieCol + "),\"\")", st.formula);
                formula(s, errorRow() + i, pc + j, "IF(ISNUMBER(" + rating + "),(" + pred + "-" + rating + ")^2,\"\")", st.formula);
            }
        }
        String errors = ref(errorRow(), pc) + ":" + ref(errorRow() + nu - 1, pc + nm - 1);
        text(s, lossRow(), pc - 1, "loss (MSE)", st.title);
        formula(s, lossRow(), pc, "AVERAGE(" + errors + ")", st.formula);
        text(s, lossRow() + 1, pc - 1, "RMSE", st.header);
        formula(s, lossRow() + 1, pc, "SQRT(" + lossCell() + ")", st.formula);
        text(s, lossRow() + 2, pc - 1, "ratings", st.header);
        formula(s, lossRow() + 2, pc, "COUNT(" + ref(ratingRow(), pc) + ":" + ref(ratingRow() + nu - 1, pc + nm - 1) + ")", st.formula);
        SheetCells.columnWidth(s, 0, 12);
        for (int c = 1; c < pc + nm; c++) SheetCells.columnWidth(s, c, 8);
    }

    // ------------------------------------------------------------------ checking

    /** How many formula cells POI recalculated and compared with ND4J, and the largest difference. */
    public record Check(int cellsCompared, double maxAbsDiff, String worstCell) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "%d formula cells recalculated by POI and compared with ND4J; largest difference %.3e (at %s)",
                    cellsCompared, maxAbsDiff, worstCell);
        }
    }

    /**
     * Reads {@code xlsx} back, recalculates every formula with POI's evaluator, and compares on both
     * sheets each prediction with ND4J's U·M (a blank where there is no rating) and the loss cell
     * with ND4J's MSE.
     */
    public Check verify(Path xlsx) {
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
            ev.clearAllCachedResultValues();
            ev.evaluateAll();
            int count = 0;
            double worst = 0;
            String worstCell = "-";
            for (String name : new String[] {RANDOM_SHEET, FITTED_SHEET}) {
                Sheet s = wb.getSheet(name);
                if (s == null) throw new IllegalStateException(xlsx + " has no sheet '" + name + "'");
                boolean random = name.equals(RANDOM_SHEET);
                INDArray u = random ? userFactors0 : userFactors, m = random ? movieFactors0 : movieFactors;
                INDArray p = predictions(u, m);
                for (int i = 0; i < ratings.users(); i++) {
                    for (int j = 0; j < ratings.movies(); j++) {
                        Cell c = cellAt(s, predictionCell(i, j));
                        if (c == null || c.getCellType() != CellType.FORMULA) throw new IllegalStateException(name + "!" + predictionCell(i, j) + " is not a formula");
                        double d;
                        if (Double.isNaN(ratings.value(i, j))) {
                            boolean blank = c.getCachedFormulaResultType() == CellType.STRING && c.getStringCellValue().isEmpty();
                            d = blank ? 0 : Double.POSITIVE_INFINITY;
                        } else {
                            d = c.getCachedFormulaResultType() == CellType.NUMERIC ? Math.abs(c.getNumericCellValue() - p.getDouble(i, j)) : Double.POSITIVE_INFINITY;
                        }
                        count++;
                        if (d > worst || worstCell.equals("-")) { worst = Math.max(worst, d); worstCell = name + "!" + predictionCell(i, j); }
                    }
                }
                double loss = cellAt(s, lossCell()).getNumericCellValue();
                double d = Math.abs(loss - mse(u, m));
                count++;
                if (d > worst) { worst = d; worstCell = name + "!" + lossCell(); }
            }
            return new Check(count, worst, worstCell);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + xlsx, e);
        }
    }

    /** The MSE shown in the loss cell of {@code sheet} of {@code xlsx}, recalculated by POI. */
    public double lossIn(Path xlsx, String sheet) {
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
            ev.evaluateAll();
            return cellAt(wb.getSheet(sheet), lossCell()).getNumericCellValue();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + xlsx, e);
        }
    }

    private static Cell cellAt(Sheet s, String a1) {
        CellReference r = new CellReference(a1);
        Row row = s.getRow(r.getRow());
        return row == null ? null : row.getCell(r.getCol());
    }

    // ------------------------------------------------------------------ display

    /** A sheet as a notebook table, values (formulas on hover) or formulas. */
    public SheetView view(String sheet, SheetView.Mode mode) {
        try (XSSFWorkbook wb = workbook()) {
            return SheetView.of(wb, sheet, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empty texts leave the cell empty (the crosstab's blanks where no rating exists). */
    private static void text(Sheet s, int r, int c, String v, CellStyle style) {
        if (!v.isEmpty()) SheetCells.text(s, r, c, v, style);
    }
}
