package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class ExcelNetworkTest {
    @Test void everyFormulaCellMatchesNd4j(@TempDir Path dir) throws Exception {
        ExcelNetwork net = ExcelNetwork.courseLike(42);
        Path file = net.write(dir.resolve("net.xlsx"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "temporary file left behind");
        }
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(2, in.read(head));
        }
        assertEquals("PK", new String(head), "an .xlsx is a zip file");

        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
            ev.clearAllCachedResultValues();
            ev.evaluateAll();
            Sheet s = wb.getSheet(ExcelNetwork.NETWORK_SHEET);
            Map<String, ExcelNetwork.Block> blocks = net.blocks();
            int[] sizes = net.sizes();
            int layers = sizes.length - 1;

            // the constants as the file holds them, then the forward pass in ND4J from those
            INDArray x = read(s, blocks.get("x"));
            INDArray t = read(s, blocks.get("targets"));
            Map<String, INDArray> want = new HashMap<>();
            INDArray a = x;
            for (int l = 1; l <= layers; l++) {
                INDArray w = read(s, blocks.get("W" + l)).transpose(); // stored one row per unit
                INDArray z = a.mmul(w);
                want.put("z" + l, z);
                if (l < layers) {
                    a = Transforms.max(z, 0.0, true);
                    want.put("relu" + l, a);
                } else {
                    INDArray e = Transforms.exp(z.subColumnVector(z.max(1).reshape(z.rows(), 1)), true);
                    INDArray p = e.divColumnVector(e.sum(1).reshape(e.rows(), 1));
                    INDArray loss = Transforms.log(p.mul(t).sum(1), true).neg().reshape(x.rows(), 1);
                    want.put("exp", e);
                    want.put("softmax", p);
                    want.put("loss", loss);
                    want.put("meanLoss", loss.mean().reshape(1, 1));
                }
            }
            for (int l = 1; l <= layers; l++) {
                want.put("std" + l, Nd4j.scalar(Math.sqrt(2.0 / (sizes[l - 1] + sizes[l]))).reshape(1, 1));
            }

            int compared = 0;
            double worst = 0;
            for (String name : net.computedBlocks()) {
                ExcelNetwork.Block b = blocks.get(name);
                INDArray expected = want.get(name);
                assertEquals(b.rows(), expected.rows(), name);
                assertEquals(b.cols(), expected.columns(), name);
                for (int i = 0; i < b.rows(); i++) {
                    for (int j = 0; j < b.cols(); j++) {
                        Cell c = s.getRow(b.row() + i).getCell(b.col() + j);
                        assertEquals(CellType.FORMULA, c.getCellType(), name + " " + c.getAddress());
                        double d = Math.abs(c.getNumericCellValue() - expected.getDouble(i, j));
                        assertTrue(d < 1e-5, name + " " + c.getAddress() + ": sheet " + c.getNumericCellValue() + " vs ND4J " + expected.getDouble(i, j));
                        worst = Math.max(worst, d);
                        compared++;
                    }
                }
            }
            // 4 rows: z1 16, relu1 16, z2 12, relu2 12, z3 8, exp 8, softmax 8, loss 4, mean 1, std 3
            assertEquals(88, compared);
            assertEquals(compared, formulaCells(s), "every formula cell of the sheet is checked");
            assertTrue(worst < 1e-9, "worst " + worst);
            // the kinds of formula the course used
            String all = formulas(s);
            for (String f : List.of("SUMPRODUCT(", "MAX(0,", "EXP(", "SUM(", "-LN(", "SQRT(2/(3+4))", "AVERAGE(")) {
                assertTrue(all.contains(f), "no " + f + " formula");
            }
        }
        ExcelNetwork.Check check = net.verify(file);
        assertEquals(94, check.cellsCompared());
        assertTrue(check.maxAbsDiff() < 1e-9, check.toString());
    }

    @Test void sgdSheetMatchesOneStepOfLinearSgd(@TempDir Path dir) throws Exception {
        LinearSgd sgd = LinearSgd.courseSetup(7);
        ExcelNetwork net = ExcelNetwork.courseLike(1).withSgdExample(sgd);
        Path file = net.write(dir.resolve("sgd.xlsx"));
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            FormulaEvaluator ev = wb.getCreationHelper().createFormulaEvaluator();
            ev.clearAllCachedResultValues();
            ev.evaluateAll();
            Sheet s = wb.getSheet(ExcelNetwork.SGD_SHEET);
            Map<String, String> cells = ExcelNetwork.sgdCells();
            double lossBefore = sgd.loss();
            double[] g = sgd.gradient();
            LinearSgd after = sgd.copy().step();
            assertEquals(-1, value(s, cells.get("a")), 0);
            assertEquals(0.01, value(s, cells.get("lr")), 0);
            assertEquals(30, value(s, cells.get("n")), 0);
            assertEquals(lossBefore, value(s, cells.get("loss")), 1e-9);
            assertEquals(g[0], value(s, cells.get("dLda")), 1e-9);
            assertEquals(g[1], value(s, cells.get("dLdb")), 1e-9);
            assertEquals(after.a(), value(s, cells.get("newA")), 1e-12);
            assertEquals(after.b(), value(s, cells.get("newB")), 1e-12);
            assertEquals(after.loss(), value(s, cells.get("newLoss")), 1e-9);
            assertTrue(value(s, cells.get("newLoss")) < value(s, cells.get("loss")));
            // every row of the table
            double[] x = sgd.x(), y = sgd.y();
            for (int i = 0; i < x.length; i++) {
                Row r = s.getRow(ExcelNetwork.sgdFirstRow() + i);
                double pred = -x[i] + 1, err = pred - y[i];
                double newPred = after.a() * x[i] + after.b();
                double[] want = {x[i], y[i], pred, err, err * err, 2 * err * x[i], 2 * err, newPred, (newPred - y[i]) * (newPred - y[i])};
                for (int c = 0; c < want.length; c++) assertEquals(want[c], r.getCell(c).getNumericCellValue(), 1e-9, "row " + i + " col " + c);
            }
        }
    }

    @Test void xavierScaleAndViews() {
        assertEquals(Math.sqrt(2.0 / 7), ExcelNetwork.xavierStd(3, 4), 1e-15);
        ExcelNetwork net = ExcelNetwork.courseLike(42);
        double[][] w = net.weights(0);
        assertEquals(3, w.length);
        assertEquals(4, w[0].length);
        String html = net.view().html();
        assertTrue(html.contains("title=\"=SUMPRODUCT("), "values view has formulas on hover");
        assertTrue(net.formulaView().html().contains(">=MAX(0,"), "formula view shows formulas");
        assertTrue(net.sgdView().html().contains("new a"));
        assertTrue(net.mimeBundle().containsKey("text/html"));
    }

    @Test void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExcelNetwork.random(4, new int[] {3, 4, 1}, 1));
        assertEquals("the last size (classes) must be at least 2 for a softmax", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExcelNetwork.of(new double[][] {{1, 2, 3}}, new int[] {0, 1}, new int[] {3, 2}, 1));
        assertEquals("inputs has 1 rows but targets has 2 values; they must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExcelNetwork.of(new double[][] {{1, 2, 3}}, new int[] {5}, new int[] {3, 2}, 1));
        assertEquals("targets[0] = 5 is not a class in [0, 1]", e.getMessage());
    }

    private static INDArray read(Sheet s, ExcelNetwork.Block b) {
        double[][] v = new double[b.rows()][b.cols()];
        for (int i = 0; i < b.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                Cell c = s.getRow(b.row() + i).getCell(b.col() + j);
                assertEquals(CellType.NUMERIC, c.getCellType(), b.name() + " " + c.getAddress() + " should be a constant");
                v[i][j] = c.getNumericCellValue();
            }
        }
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    private static double value(Sheet s, String a1) {
        CellReference r = new CellReference(a1);
        return s.getRow(r.getRow()).getCell(r.getCol()).getNumericCellValue();
    }

    private static int formulaCells(Sheet s) {
        int n = 0;
        for (Row r : s) for (Cell c : r) if (c.getCellType() == CellType.FORMULA) n++;
        return n;
    }

    private static String formulas(Sheet s) {
        StringBuilder sb = new StringBuilder();
        for (Row r : s) for (Cell c : r) if (c.getCellType() == CellType.FORMULA) sb.append(c.getCellFormula()).append('\n');
        return sb.toString();
    }
}
