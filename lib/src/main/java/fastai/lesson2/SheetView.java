package fastai.lesson2;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import fastai.display.Renderable;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.CellValue;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;

/**
 * One sheet of a workbook as an HTML table for a notebook, laid out like a spreadsheet (column
 * letters across, row numbers down). In {@link Mode#VALUES} every formula cell shows the value
 * POI's formula evaluator computes, shaded, with the formula in a tooltip (hover); in
 * {@link Mode#FORMULAS} it shows the formula itself.
 */
public final class SheetView implements Renderable {
    public enum Mode { VALUES, FORMULAS }

    static { QuietPoiLogging.install(); }

    private final String html;
    private final String text;

    private SheetView(String html, String text) {
        this.html = html;
        this.text = text;
    }

    /** The sheet called {@code sheetName} of {@code wb}, its formulas evaluated by POI. */
    public static SheetView of(Workbook wb, String sheetName, Mode mode) {
        Sheet sheet = wb.getSheet(sheetName);
        if (sheet == null) throw new IllegalArgumentException("the workbook has no sheet called '" + sheetName + "'");
        FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
        int lastRow = sheet.getLastRowNum();
        int lastCol = 0;
        for (int r = 0; r <= lastRow; r++) {
            Row row = sheet.getRow(r);
            if (row != null && row.getLastCellNum() > lastCol) lastCol = row.getLastCellNum();
        }
        StringBuilder h = new StringBuilder();
        StringBuilder t = new StringBuilder();
        h.append("<div style=\"overflow-x:auto\"><table style=\"border-collapse:collapse;font-family:monospace;font-size:12px\">");
        h.append("<caption style=\"text-align:left;font-weight:bold\">sheet '").append(esc(sheetName)).append("' (")
                .append(mode == Mode.VALUES ? "values; shaded cells are formulas, hover to see them" : "formulas").append(")</caption>");
        h.append("<tr><th style=\"").append(HEAD).append("\"></th>");
        for (int c = 0; c < lastCol; c++) h.append("<th style=\"").append(HEAD).append("\">").append(CellReference.convertNumToColString(c)).append("</th>");
        h.append("</tr>");
        for (int r = 0; r <= lastRow; r++) {
            Row row = sheet.getRow(r);
            h.append("<tr><th style=\"").append(HEAD).append("\">").append(r + 1).append("</th>");
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < lastCol; c++) {
                Cell cell = row == null ? null : row.getCell(c);
                if (isEmpty(cell)) {
                    h.append("<td style=\"").append(EMPTY).append("\"></td>");
                    continue;
                }
                String shown;
                String style = CELL;
                String title = null;
                int span = 1;
                switch (cell.getCellType()) {
                    case FORMULA -> {
                        String f = "=" + cell.getCellFormula();
                        style = CELL + "background:#fff6d5;";
                        if (mode == Mode.FORMULAS) {
                            shown = f;
                            style += "text-align:left;";
                        } else {
                            shown = format(ev.evaluate(cell));
                            title = f;
                        }
                    }
                    case NUMERIC -> {
                        shown = number(cell.getNumericCellValue());
                        style = CELL + "background:#e8f1fb;";
                    }
                    case BOOLEAN -> shown = String.valueOf(cell.getBooleanCellValue());
                    default -> {
                        // text runs on over the empty cells to its right, as in a spreadsheet
                        shown = cell.getStringCellValue();
                        style = CELL + "text-align:left;";
                        while (c + span < lastCol && isEmpty(row.getCell(c + span))) span++;
                    }
                }
                if (wb.getFontAt(cell.getCellStyle().getFontIndex()).getBold()) style += "font-weight:bold;";
                h.append("<td");
                if (span > 1) h.append(" colspan=\"").append(span).append("\"");
                h.append(" style=\"").append(style).append("\"");
                if (title != null) h.append(" title=\"").append(esc(title)).append("\"");
                h.append(">").append(esc(shown)).append("</td>");
                line.append(CellReference.convertNumToColString(c)).append(r + 1).append(": ").append(shown).append("  ");
                c += span - 1;
            }
            h.append("</tr>");
            if (line.length() > 0) t.append(line.toString().stripTrailing()).append('\n');
        }
        h.append("</table></div>");
        return new SheetView(h.toString(), t.toString());
    }

    public String html() { return html; }

    @Override public Map<String, String> mimeBundle() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("text/html", html);
        b.put("text/plain", text);
        return b;
    }

    @Override public String toString() { return text; }

    private static final String HEAD = "border:1px solid #ccc;background:#f0f0f0;color:#555;font-weight:normal;";
    private static final String CELL = "border:1px solid #ddd;padding:1px 4px;text-align:right;white-space:nowrap;";
    private static final String EMPTY = "border:1px solid #eee;";

    private static boolean isEmpty(Cell cell) {
        return cell == null || cell.getCellType() == CellType.BLANK
                || (cell.getCellType() == CellType.STRING && cell.getStringCellValue().isEmpty());
    }

    private static String format(CellValue v) {
        if (v == null) return "";
        if (v.getCellType() == CellType.NUMERIC) return number(v.getNumberValue());
        if (v.getCellType() == CellType.STRING) return v.getStringValue();
        if (v.getCellType() == CellType.BOOLEAN) return String.valueOf(v.getBooleanValue());
        if (v.getCellType() == CellType.ERROR) return "#ERR " + v.getErrorValue();
        return "";
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.format(Locale.ROOT, "%d", (long) v);
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-4) return String.format(Locale.ROOT, "%.4e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
