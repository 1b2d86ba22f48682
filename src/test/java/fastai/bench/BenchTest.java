package fastai.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's bookkeeping: peak derivation, ratios, median, CSV and chart written (no timings asserted). */
class BenchTest {
    @Test
    void peakIsCoresTimesGhzTimesFlopsPerCycle() {
        Cpu c = new Cpu("test", 2, 2450.0, Set.of("avx", "avx2", "fma"));
        assertEquals(32, c.flopsPerCycle());
        assertEquals(2 * 2.45 * 32, c.peakGflops(), 1e-9);
        assertEquals(64, new Cpu("t", 1, 1000, Set.of("avx2", "fma", "avx512f")).flopsPerCycle());
        assertTrue(Cpu.read().cores() >= 1);
    }

    @Test
    void ratioIsOursOverReferenceOrTheInverseForTimes() {
        assertEquals(0.5, new Bench.Row("a", "img/s", 10, 20, "r", true, "").ratio(), 1e-12);
        assertEquals(2.0, new Bench.Row("a", "s", 10, 20, "r", false, "").ratio(), 1e-12);
        assertTrue(Double.isNaN(new Bench.Row("a", "img/s", 10, Double.NaN, "r", true, "").ratio()));
        assertEquals(2.0, Bench.median(List.of(3.0, 1.0, 2.0)), 1e-12);
        assertEquals(2.5, Bench.median(List.of(3.0, 1.0, 2.0, 4.0)), 1e-12);
    }

    @Test
    void spreadIsHalfTheRangeOfTheRoundsRatiosPairedInOrder() {
        // ours 100, 90, 110 against 100, 100, 100: round ratios 1.0, 0.9, 1.1 -> ±0.10; medians 100/100 -> 1.00
        Bench.Row r = new Bench.Row("a", "img/s", 100, 100, "r", true, "",
                new Bench.Rounds(List.of(100.0, 90.0, 110.0), List.of(100.0, 100.0, 100.0)));
        assertEquals(1.0, r.ratio(), 1e-12);
        assertEquals(0.1, r.spread(), 1e-12);
        assertFalse(r.tooWide(), "exactly ±0.1 is still judged");
        // times (lower is better) are inverted per round: 2 s against 1 s is 0.5, 1 s against 1 s is 1.0 -> ±0.25
        Bench.Row t = new Bench.Row("t", "s", 1.5, 1, "r", false, "", new Bench.Rounds(List.of(2.0, 1.0), List.of(1.0, 1.0)));
        assertEquals(0.25, t.spread(), 1e-12);
        assertTrue(t.tooWide());
        assertTrue(Bench.table(List.of(r, t)).contains("1.00 ± 0.10"), Bench.table(List.of(r, t)));
        assertTrue(Bench.table(List.of(r, t)).contains("too wide to judge"));
        assertTrue(Double.isNaN(new Bench.Row("b", "img/s", 1, 1, "r", true, "").spread()), "no rounds, no spread");
    }

    @Test
    void cpuUseReadsAProcesssCpuTimeFromProc() {
        long self = ProcessHandle.current().pid();
        double before = Bench.CpuUse.procCpuSeconds(self);
        long t0 = Bench.CpuUse.ownCpuNanos();
        double x = 0;
        while (Bench.CpuUse.ownCpuNanos() - t0 < 400_000_000L) x += Math.sqrt(x + 1);   // 0.4 s of this thread's CPU
        assertTrue(x > 0);
        double used = Bench.CpuUse.procCpuSeconds(self) - before;
        assertTrue(used >= 0.3, "/proc/self/stat counted " + used + " s of the 0.4 s this thread just used");
        assertEquals(0.0, Bench.CpuUse.procCpuSeconds(-1), "no process, no CPU");
    }

    @Test
    void writesCsvAndChart(@TempDir Path dir) throws Exception {
        List<Bench.Row> rows = List.of(new Bench.Row("x, y", "img/s", 10, 20, "PyTorch", true, "n"),
                new Bench.Row("t", "s", 3, 2, "ipykernel", false, ""));
        Bench.writeCsv(dir.resolve("bench.csv"), rows, "1.0 1.0 1.0");
        Bench.writeChart(dir.resolve("bench.png"), rows);
        List<String> lines = Files.readAllLines(dir.resolve("bench.csv"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("\"x, y\",img/s,10.0000,20.0000,PyTorch,0.5000,"), lines.get(1));
        assertTrue(Files.size(dir.resolve("bench.png")) > 1000);
        assertTrue(Bench.table(rows).contains("0.50"));
    }

    @Test
    void opsProfileKnowsItsNetsAndNamesTheChoicesOtherwise() {
        assertEquals(10, OpsProfile.net("mnist").layerSize("out"));
        assertEquals(1, OpsProfile.net("cnn150").layerSize("out"));
        assertEquals(5, OpsProfile.net("mnistbn").getConfiguration().getVertices().values().stream()
                .filter(v -> v.toString().contains("BatchNormalization")).count(), "five batch-norm layers, as lesson 3's get_model_bn");
        assertArrayEquals(new long[] {32, 3, 150, 150}, OpsProfile.batch("cnn150").getFeatures().shape());
        assertArrayEquals(new long[] {64, 8}, OpsProfile.batch("minivgg").getLabels().shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpsProfile.net("vgg"));
        assertTrue(e.getMessage().contains("mnist, mnistbn, cnn150 or minivgg") && e.getMessage().contains("'vgg'"), e.getMessage());
    }
}
