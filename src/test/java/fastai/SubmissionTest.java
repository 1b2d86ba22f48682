package fastai;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;
import fastai.models.MiniVgg;

class SubmissionTest {
    @TempDir Path tmp;

    @Test
    void oneRowPerImageSortedByIdAndClipped() throws Exception {
        var probs = Nd4j.createFromArray(new double[][] {{0.9, 0.1}, {0.001, 0.999}, {0.5, 0.5}, {1.0, 0.0}});
        var result = new TestResult(probs, List.of("unknown/10.jpg", "unknown/2.jpg", "unknown/1.png", "unknown/300.jpg"),
                List.of("cats", "dogs"));
        Path csv = tmp.resolve("out/submission.csv");
        Table t = Utils.writeSubmission(result, csv);
        assertEquals(List.of("id,label", "1,0.50000", "2,0.98000", "10,0.10000", "300,0.02000"), Files.readAllLines(csv));
        assertEquals(4, t.rowCount());
        assertEquals(List.of(1, 2, 10, 300), t.intColumn("id").asList());
        assertEquals(0.98, t.doubleColumn("label").get(1), 1e-12);
        try (var s = Files.list(csv.getParent())) { assertEquals(1, s.count(), "no temp files left"); }

        Submission.write(result, csv, 0.05);
        assertEquals("2,0.95000", Files.readAllLines(csv).get(2));
    }

    @Test
    void idsComeFromFileNames() {
        assertEquals(1234, Submission.idOf("unknown/1234.jpg"));
        assertEquals(7, Submission.idOf("7.png"));
        var e = assertThrows(IllegalArgumentException.class, () -> Submission.idOf("unknown/cat.1.jpg"));
        assertTrue(e.getMessage().contains("unknown/cat.1.jpg"));
    }

    @Test
    void endToEndFromATestFolder() throws Exception {
        Path train = Fixtures.learnable(tmp.resolve("train"), 6, 28, 4);
        Path test = tmp.resolve("test/unknown");
        for (int i = 1; i <= 11; i++) Fixtures.grayPng(test.resolve(i + ".png"), 28, i * 7);
        MiniVgg m = (MiniVgg) MiniVgg.create(List.of("a", "b", "c"), new int[] {4}, 8, 1).quiet(true);
        m.finetune(m.getBatches(train, 4));
        TestResult r = m.test(tmp.resolve("test"), 4);
        Path csv = tmp.resolve("submission.csv");
        Table t = Utils.writeSubmission(r, csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(12, lines.size());
        assertEquals(11, t.rowCount());
        for (int i = 1; i <= 11; i++) {
            String[] parts = lines.get(i).split(",");
            assertEquals(i, Integer.parseInt(parts[0]));
            double p = Double.parseDouble(parts[1]);
            assertTrue(p >= 0.02 && p <= 0.98, lines.get(i));
            assertEquals(Math.max(0.02, Math.min(0.98, r.probabilities().getDouble(i - 1, 1))), p, 1e-5);
        }
    }
}
