package fastai.lesson2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * What lesson 2's small teaching spreadsheets share: named rectangles of cells ({@link Block}),
 * a left-to-right {@link Layout} of them in bands, matrix products written as plain
 * sums of products ({@code =B6*$H$6+C6*$H$7+…}, readable in any spreadsheet), writing a workbook
 * atomically with every value computed, and reading a block back after POI recalculates it.
 */
public final class Sheets {
    private Sheets() { }

    /** A rectangle of cells on one sheet (0-based row and column of its top-left cell). */
    public record Block(String sheet, int row, int col, int rows, int cols) {
        /** A1 reference of cell (i, j) inside the block; {@code abs} adds the $ signs. */
        public String ref(int i, int j, boolean abs) {
            return new CellReference(row + i, col + j, abs, abs).formatAsString();
        }

        /** The block as an A1 range, e.g. {@code $B$6:$E$9}. */
        public String range(boolean abs) {
            return ref(0, 0, abs) + ":" + ref(rows - 1, cols - 1, abs);
        }

        /** The block as a range another sheet can use, e.g. {@code layers!$B$6:$E$9}. */
        public String qualifiedRange() {
            return sheet + "!" + range(true);
        }
    }

    /**
     * Places blocks left to right, one blank column apart, in bands down the sheet; each block has
     * a title row and a header row above its cells.
     */
    public static final class Layout {
        private final String sheet;
        private final Map<String, Block> blocks = new LinkedHashMap<>();
        private int top, col = 1, height;

        public Layout(String sheet, int firstTitleRow) {
            this.sheet = sheet;
            this.top = firstTitleRow;
        }

        public Block put(String name, int rows, int cols) {
            Block b = new Block(sheet, top + 2, col, rows, cols);
            col += cols + 1;
            height = Math.max(height, rows);
            blocks.put(name, b);
            return b;
        }

        /** Starts a new band under everything placed so far. */
        public void newBand() {
            top += 2 + height + 2;
            col = 1;
            height = 0;
        }

        public Map<String, Block> blocks() { return blocks; }
    }

    /** Writes {@code m} into block {@code b} as constants, with a bold title above and column headers. */
    static void constants(Sheet s, Block b, double[][] m, String title, String headerPrefix, SheetCells.Styles st) {
        titles(s, b, title, headerPrefix, st);
        for (int i = 0; i < b.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) SheetCells.number(s, b.row() + i, b.col() + j, m[i][j], st.constant);
        }
    }

    static void titles(Sheet s, Block b, String title, String headerPrefix, SheetCells.Styles st) {
        SheetCells.text(s, b.row() - 2, b.col(), title, st.title);
        if (headerPrefix != null) {
            for (int j = 0; j < b.cols(); j++) SheetCells.text(s, b.row() - 1, b.col() + j, headerPrefix + (j + 1), st.header);
        }
    }

    /**
     * Cell (i, j) of the product {@code left · right}: {@code left[i][0]*right[0][j] + …}; the
     * right-hand matrix is referenced with $ signs, and may sit on another sheet.
     */
    static String product(Block left, int i, Block right, int j) {
        if (left.cols() != right.rows()) {
            throw new IllegalArgumentException("cannot multiply a " + left.rows() + "x" + left.cols() + " block by a " + right.rows() + "x" + right.cols() + " block");
        }
        String prefix = left.sheet().equals(right.sheet()) ? "" : right.sheet() + "!";
        StringBuilder f = new StringBuilder();
        for (int t = 0; t < left.cols(); t++) {
            if (t > 0) f.append('+');
            f.append(left.ref(i, t, false)).append('*').append(prefix).append(right.ref(t, j, true));
        }
        return f.toString();
    }

    /** Fills block {@code out} with the formulas of {@code left · right}. */
    static void productBlock(Sheet s, Block out, Block left, Block right, CellStyle style) {
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < out.cols(); j++) SheetCells.formula(s, out.row() + i, out.col() + j, product(left, i, right, j), style);
        }
    }

    /** Computes and stores every formula's value and asks Excel/LibreOffice to recalculate on open. */
    static XSSFWorkbook finish(XSSFWorkbook wb) {
        XSSFFormulaEvaluator.evaluateAllFormulaCells(wb);
        wb.setForceFormulaRecalculation(true);
        return wb;
    }

    /** One sheet as a notebook table (values, formulas on hover). */
    static SheetView view(XSSFWorkbook wb, String sheet) {
        try (wb) {
            return SheetView.of(wb, sheet, SheetView.Mode.VALUES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values of {@code b}, as the formula evaluator computes them now. */
    public static double[][] values(Workbook wb, FormulaEvaluator ev, Block b) {
        Sheet s = wb.getSheet(b.sheet());
        if (s == null) throw new IllegalArgumentException("the workbook has no sheet '" + b.sheet() + "'");
        double[][] v = new double[b.rows()][b.cols()];
        for (int i = 0; i < b.rows(); i++) {
            Row row = s.getRow(b.row() + i);
            for (int j = 0; j < b.cols(); j++) {
                Cell c = row == null ? null : row.getCell(b.col() + j);
                if (c == null) throw new IllegalStateException("cell " + b.sheet() + "!" + b.ref(i, j, false) + " is empty");
                v[i][j] = ev.evaluate(c).getNumberValue();
            }
        }
        return v;
    }

    /**
     * Reads {@code xlsx}, throws away every stored result, recalculates all formulas with POI's
     * evaluator and returns the values of the named blocks.
     */
    public static Map<String, double[][]> recalculate(Path xlsx, Map<String, Block> blocks) {
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
            ev.clearAllCachedResultValues();
            Map<String, double[][]> out = new LinkedHashMap<>();
            for (Map.Entry<String, Block> e : blocks.entrySet()) out.put(e.getKey(), values(wb, ev, e.getValue()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + xlsx, e);
        }
    }
}
