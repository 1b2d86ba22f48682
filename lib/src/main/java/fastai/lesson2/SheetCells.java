package fastai.lesson2;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import fastai.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writing the course's spreadsheets (lesson 2's network, lesson 4's collaborative filtering) with
 * Apache POI: one look for all of them (bold titles and headers, constants on pale blue, formulas
 * on light yellow, as the course's sheets coloured inputs and computed cells) and the few calls
 * that put a text, a number or a live formula into a cell.
 */
public final class SheetCells {
    private SheetCells() { }

    /** The cell styles of one workbook; {@code numberFormat} such as "0.0000". */
    /**
     * Writes {@code wb} to {@code file} atomically (temporary file, then rename; a new file reads
     * rw-r--r-- like any other) and closes it; returns the absolute path.
     */
    public static Path save(Workbook wb, Path file) {
        try (wb) {
            return AtomicFiles.write(file, tmp -> {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    wb.write(out);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A column {@code chars} characters wide (POI counts in 1/256 of a character). */
    public static void columnWidth(Sheet s, int column, int chars) { s.setColumnWidth(column, chars * 256); }

    public static final class Styles {
        public final CellStyle title, header, constant, formula;

        public Styles(Workbook wb, String numberFormat) {
            Font bold = wb.createFont();
            bold.setBold(true);
            title = wb.createCellStyle();
            title.setFont(bold);
            header = wb.createCellStyle();
            header.setFont(bold);
            short fmt = wb.createDataFormat().getFormat(numberFormat);
            constant = filled(wb, fmt, IndexedColors.PALE_BLUE);
            formula = filled(wb, fmt, IndexedColors.LIGHT_YELLOW);
        }

        private static CellStyle filled(Workbook wb, short format, IndexedColors colour) {
            CellStyle s = wb.createCellStyle();
            s.setDataFormat(format);
            s.setFillForegroundColor(colour.getIndex());
            s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            return s;
        }
    }

    /** A new cell at row {@code r}, column {@code c} (both from 0), creating the row if needed. */
    public static Cell cell(Sheet s, int r, int c) {
        Row row = s.getRow(r);
        if (row == null) row = s.createRow(r);
        return row.createCell(c);
    }

    public static void text(Sheet s, int r, int c, String v, CellStyle style) {
        styled(cell(s, r, c), style).setCellValue(v);
    }

    public static void number(Sheet s, int r, int c, double v, CellStyle style) {
        styled(cell(s, r, c), style).setCellValue(v);
    }

    /** A live formula (without the leading '='), e.g. {@code "SUMPRODUCT(B2:F2,H2:L2)"}. */
    public static void formula(Sheet s, int r, int c, String f, CellStyle style) {
        styled(cell(s, r, c), style).setCellFormula(f);
    }

    private static Cell styled(Cell cell, CellStyle style) {
        if (style != null) cell.setCellStyle(style);
        return cell;
    }
}
