package fastai.bench;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import javax.imageio.ImageIO;

import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.split.FileSplit;
import org.datavec.image.recordreader.ImageRecordReader;
import org.datavec.image.transform.FlipImageTransform;
import org.datavec.image.transform.ImageTransform;
import org.datavec.image.transform.PipelineImageTransform;
import org.datavec.image.transform.RotateImageTransform;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import fastai.io.AtomicFiles;
import fastai.BatchOptions;
import fastai.Batches;
import fastai.Config;
import fastai.models.MiniVgg;
import fastai.onednn.OneDnn;
import java.util.Random;
import org.deeplearning4j.zoo.model.VGG16;

/**
 * {@code ./fastai bench [--quick] [--only gemm,mnist,cnn150,vgg16,minivgg,pipeline,kernel] [--rounds N] [--no-torch]}:
 * this library's speed against PyTorch's CPU build on the same nets, measured in one run with
 * DL4J and PyTorch interleaved (A/B/A/B …; medians), since the machine may be shared.
 * Prints a table and writes {@code results/bench/bench.csv} and {@code bench.png} (ratios).
 * Convolutions use whatever the library uses by default ({@link OneDnn}; {@code -Dfastai.onednn=false}
 * gives DL4J's own path for a before/after comparison).
 */
public final class Bench {
    /** One line of the table. {@code higherIsBetter} false for times (seconds). */
    public record Row(String name, String unit, double ours, double ref, String refName, boolean higherIsBetter, String note) {
        public double ratio() {
            if (!(ours > 0) || !(ref > 0)) return Double.NaN;
            return higherIsBetter ? ours / ref : ref / ours;
        }
    }

    static final List<String> ALL = List.of("gemm", "mnist", "cnn150", "vgg16", "minivgg", "pipeline", "kernel");

    private final boolean quick;
    private final int rounds;
    private final Set<String> only;
    private final List<Row> rows = new ArrayList<>();
    private final Torch torch;
    private double miniTrainRate = Double.NaN;

    Bench(boolean quick, int rounds, Set<String> only, boolean useTorch) {
        this.quick = quick;
        this.rounds = rounds;
        this.only = only;
        this.torch = useTorch ? Torch.start() : null;
    }

    public static void main(String[] args) throws Exception {
        int ops = Arrays.asList(args).indexOf("--ops");
        if (ops >= 0) {   // the per-op profile of one net; ND4J prints it through its (INFO) log
            if (ops + 1 >= args.length) throw new IllegalArgumentException("--ops takes mnist, cnn150 or minivgg");
            OpsProfile.run(args[ops + 1], intArg(Arrays.asList(args), "--steps", 20));
            return;
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");   // no ND4J start-up chatter in the table
        }
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        int rounds = intArg(a, "--rounds", quick ? 2 : 3);
        Set<String> only = new LinkedHashSet<>(ALL);
        int i = a.indexOf("--only");
        if (i >= 0 && i + 1 < a.size()) {
            only = new LinkedHashSet<>(Arrays.asList(a.get(i + 1).split(",")));
            for (String s : only) if (!ALL.contains(s)) throw new IllegalArgumentException("unknown part '" + s + "'; parts: " + ALL);
        }
        if (a.contains("--help")) {
            System.out.println("usage: ./fastai bench [--quick] [--rounds N] [--only " + String.join(",", ALL) + "] [--no-torch] [--out DIR]");
            System.out.println("       ./fastai bench --ops mnist|cnn150|minivgg [--steps N]   (time per op of one training step)");
            return;
        }
        Path out = i(a, "--out") != null ? Path.of(i(a, "--out")) : Config.resultsDir().resolve("bench");

        Cpu cpu = Cpu.read();
        System.out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
        System.out.println(cpu.describe());
        System.out.printf(Locale.ROOT, "ND4J natives with oneDNN: %b; fastai conv helpers: %s; OMP_NUM_THREADS=%s; "
                        + "OPENBLAS_THREAD_TIMEOUT=%s (the PyTorch reference runs in the same environment)%n",
                OneDnn.nativesHaveOneDnn(), OneDnn.wanted() ? "on" : "off", System.getenv("OMP_NUM_THREADS"),
                System.getenv("OPENBLAS_THREAD_TIMEOUT"));

        Bench b = new Bench(quick, rounds, only, !a.contains("--no-torch"));
        try {
            b.runAll(cpu);
        } finally {
            if (b.torch != null) b.torch.close();
        }
        String load = loadAverage();
        System.out.println();
        System.out.print(table(b.rows));
        System.out.printf(Locale.ROOT, "load average after: %s (2 cores: above 2 means other work shared the CPU)%n", load);
        writeCsv(out.resolve("bench.csv"), b.rows, load);
        writeChart(out.resolve("bench.png"), b.rows);
        System.out.println("wrote " + out.resolve("bench.csv") + " and " + out.resolve("bench.png"));
    }

    void runAll(Cpu cpu) throws Exception {
        if (only.contains("gemm")) gemm(cpu);
        if (only.contains("mnist")) train("mnist", "MNIST CNN train bs64 28x28", OpsProfile.net("mnist"), OpsProfile.batch("mnist"), quick ? 10 : 25);
        if (only.contains("cnn150")) train("cnn150", "150x150 3-conv CNN train bs32", OpsProfile.net("cnn150"), OpsProfile.batch("cnn150"), quick ? 2 : 5);
        if (only.contains("vgg16")) vgg16();
        if (only.contains("minivgg") || only.contains("pipeline")) {
            miniTrainRate = train("minivgg", "MiniVgg train bs64 28x28", OpsProfile.net("minivgg"), OpsProfile.batch("minivgg"), quick ? 10 : 25);
        }
        if (only.contains("pipeline")) pipeline();
        if (only.contains("kernel")) kernel();
    }

    // ---- parts --------------------------------------------------------------------------------

    void gemm(Cpu cpu) {
        int n = 2048, reps = quick ? 3 : 6;
        double[] ours = interleave("sgemm " + n, () -> gemmRate(n, reps), torch == null ? null : () -> torch.run("gemm", reps, n));
        rows.add(new Row("sgemm " + n + "x" + n, "GFLOPS", ours[0], ours[1], "PyTorch", true, ""));
        rows.add(new Row("sgemm / CPU peak", "GFLOPS", ours[0], cpu.peakGflops(), "peak", true, cpu.peakFormula()));
    }

    double train(String key, String name, ComputationGraph g, DataSet ds, int batches) {
        OneDnn.install(g);
        int bs = ds.numExamples();
        warmUp(() -> g.fit(ds));
        double[] r = interleave(name, () -> {
            long t0 = System.nanoTime();
            for (int k = 0; k < batches; k++) g.fit(ds);
            return bs * batches / ((System.nanoTime() - t0) / 1e9);
        }, torch == null ? null : () -> torch.run(key, batches, bs));
        rows.add(new Row(name, "img/s", r[0], r[1], "PyTorch", true, batches + " batches per round"));
        return r[0];
    }

    /**
     * Runs {@code step} for at least {@value #WARM_UP_SECONDS} s (and twice): workspaces, helpers and
     * the JIT settle before timing. One step was too little: DL4J's Java code is still being
     * compiled, and the first timed rounds of the MNIST CNN ran 20-30% slow. The PyTorch side
     * warms up the same way ({@code torch_reference.py}).
     */
    static void warmUp(Runnable step) {
        long t0 = System.nanoTime();
        for (int n = 0; n < 2 || System.nanoTime() - t0 < WARM_UP_SECONDS * 1e9; n++) step.run();
    }

    static final int WARM_UP_SECONDS = 3;

    void vgg16() {
        ComputationGraph g = (ComputationGraph) VGG16.builder().numClasses(1000).build().init();
        OneDnn.install(g);
        int bs = 2, batches = quick ? 1 : 2;
        INDArray x = Nd4j.rand(DataType.FLOAT, bs, 3, 224, 224);
        warmUp(() -> g.outputSingle(false, x));
        double[] r = interleave("VGG16 forward", () -> {
            long t0 = System.nanoTime();
            for (int k = 0; k < batches; k++) g.outputSingle(false, x);
            return bs * batches / ((System.nanoTime() - t0) / 1e9);
        }, torch == null ? null : () -> torch.run("vgg16", batches, bs));
        rows.add(new Row("VGG16 forward bs2 224x224", "img/s", r[0], r[1], "PyTorch", true, "random weights"));
    }

    /** Images/s that getBatches delivers from fashion2's PNGs, plain and augmented, against MiniVgg's training rate. */
    void pipeline() throws IOException {
        Path train = Config.dataDir().resolve("fashion2/train");
        if (!Files.isDirectory(train)) {
            System.out.println("pipeline: skipped, no " + train + " (run bash datasets/setup.sh or set FASTAI_DATA)");
            return;
        }
        int batches = quick ? 15 : 40;
        BatchOptions o = BatchOptions.defaults().size(28).channels(1).batchSize(64);
        Batches b = Batches.open(train, o);
        double plain = median(repeat(() -> drain(b, batches)));
        rows.add(new Row("getBatches fashion2 PNG 28x28", "img/s", plain, miniTrainRate, "MiniVgg train", true, "pipeline alone vs training rate"));
        DataSetIterator aug = augmented(train, 64);
        double withAug = median(repeat(() -> drain(aug, batches)));
        rows.add(new Row("  + flip/rotate augmentation", "img/s", withAug, miniTrainRate, "MiniVgg train", true, "DataVec PipelineImageTransform"));

        // The whole lesson path: MiniVgg.fit over Batches (decode + preprocess + train + progress bar), no validation.
        MiniVgg m = MiniVgg.create(b.classes());
        m.quiet(true);
        Batches small = Batches.open(train, o.copy().limit(quick ? 160 : 480));
        m.fit(small, null, 1);   // warm-up
        double[] r = interleave("MiniVgg.fit(Batches)", () -> {
            long t0 = System.nanoTime();
            m.fit(small, null, 1);
            return small.count() / ((System.nanoTime() - t0) / 1e9);
        }, torch == null ? null : () -> torch.run("minivgg", small.numBatches(), 64));
        rows.add(new Row("MiniVgg.fit over PNG Batches", "img/s", r[0], r[1], "PyTorch in-memory", true, small.count() + " images per round"));
    }

    void kernel() {
        Double ours = kernelStart("fastai-java", "import fastai.*;\n1 + 1"), ref = kernelStart("python3", "1 + 1");
        if (ours == null) {
            System.out.println("kernel: skipped (no jupyter_client or no 'fastai-java' kernel; ./fastai setup installs both)");
            return;
        }
        rows.add(new Row("kernel start -> first result", "s", ours, ref == null ? Double.NaN : ref, "ipykernel", false, "lower is better"));
    }

    // ---- measuring ----------------------------------------------------------------------------

    /** Runs ours and the reference alternately {@code rounds} times; returns both medians (NaN when absent). */
    double[] interleave(String what, DoubleSupplier ours, DoubleSupplier ref) {
        List<Double> a = new ArrayList<>(), b = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            a.add(ours.getAsDouble());
            if (ref != null) b.add(ref.getAsDouble());
        }
        double ma = median(a), mb = b.isEmpty() ? Double.NaN : median(b);
        System.out.printf(Locale.ROOT, "%-34s ours %s  ref %s  (load %s)%n", what, fmtList(a), fmtList(b), loadAverage());
        return new double[] {ma, mb};
    }

    List<Double> repeat(DoubleSupplier s) {
        List<Double> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) out.add(s.getAsDouble());
        return out;
    }

    static double drain(DataSetIterator it, int batches) {
        it.reset();
        long n = 0, t0 = System.nanoTime();
        for (int k = 0; k < batches && it.hasNext(); k++) n += it.next().numExamples();
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    static DataSetIterator augmented(Path dir, int bs) throws IOException {
        Random rnd = new Random(42);
        List<Pair<ImageTransform, Double>> steps = List.of(
                new Pair<>(new FlipImageTransform(rnd), 0.5),
                new Pair<>(new RotateImageTransform(rnd, 10), 1.0));
        ImageRecordReader rr = new ImageRecordReader(28, 28, 1, new ParentPathLabelGenerator(), new PipelineImageTransform(steps, false));
        rr.initialize(new FileSplit(dir.toFile(), new String[] {"png", "jpg", "jpeg"}, rnd));
        return new RecordReaderDataSetIterator(rr, bs, 1, rr.getLabels().size());
    }

    static double gemmRate(int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n), b = Nd4j.rand(DataType.FLOAT, n, n), c = Nd4j.zeros(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        return 2.0 * n * n * n * reps / ((System.nanoTime() - t0) / 1e9) / 1e9;
    }

    /** Seconds from starting a Jupyter kernel to the result of its first cell, or null when that cannot be run. */
    static Double kernelStart(String kernel, String code) {
        String py = String.join("\n",
                "import sys, time",
                "from jupyter_client.manager import start_new_kernel",
                "t = time.time()",
                "km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=180)",
                "try:",
                "    got = []",
                "    r = kc.execute_interactive(sys.argv[2], timeout=180, output_hook=lambda m: got.append(m['msg_type']))",
                "    ok = r['content']['status'] == 'ok'",
                "    print('SECONDS %.3f' % (time.time() - t) if ok else 'FAILED ' + str(r['content']))",
                "finally:",
                "    kc.stop_channels(); km.shutdown_kernel(now=True)");
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", py, kernel, code).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(240, TimeUnit.SECONDS)) { p.destroyForcibly(); return null; }
            for (String line : out.split("\n")) if (line.startsWith("SECONDS ")) return Double.parseDouble(line.substring(8).trim());
            System.out.println("kernel " + kernel + ": " + out.strip().replace('\n', ' '));
            return null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    // ---- output -------------------------------------------------------------------------------

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-34s %7s %10s %10s  %-18s %7s%n", "name", "unit", "ours", "reference", "reference is", "ratio"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-34s %7s %10s %10s  %-18s %7s%n", r.name(), r.unit(), fmt(r.ours()), fmt(r.ref()),
                    r.refName(), Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio())));
        }
        return sb.toString();
    }

    static void writeCsv(Path file, List<Row> rows, String load) {
        String when = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        AtomicFiles.write(file, tmp -> {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
                w.println("name,unit,ours,reference,reference_is,ratio,note,load_average,onednn_natives,helpers,time");
                for (Row r : rows) {
                    w.printf(Locale.ROOT, "%s,%s,%.4f,%.4f,%s,%.4f,%s,%s,%b,%b,%s%n", csv(r.name().strip()), r.unit(), r.ours(), r.ref(),
                            csv(r.refName()), r.ratio(), csv(r.note()), csv(load), OneDnn.nativesHaveOneDnn(), OneDnn.wanted(), when);
                }
            }
        });
    }

    static void writeChart(Path file, List<Row> rows) {
        List<String> names = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (Row r : rows) {
            if (Double.isNaN(r.ratio()) || r.refName().startsWith("MiniVgg train")) continue;   // pipeline/training (~20x): table only
            names.add(r.name().strip());
            ratios.add(r.ratio());
        }
        if (names.isEmpty()) return;
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
                .title("fastai-java vs reference (ratio; 1.0 = as fast)").xAxisTitle("").yAxisTitle("ours / reference").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.addSeries("ratio", names, ratios);
        AtomicFiles.write(file, tmp -> ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", tmp.toFile()));
    }

    // ---- small things -------------------------------------------------------------------------

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "-";
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmtList(List<Double> xs) {
        List<String> s = new ArrayList<>();
        for (double x : xs) s.add(fmt(x));
        return s.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static int intArg(List<String> a, String name, int dflt) {
        String v = i(a, name);
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static String i(List<String> a, String name) {
        int k = a.indexOf(name);
        return k >= 0 && k + 1 < a.size() ? a.get(k + 1) : null;
    }

    /** The PyTorch reference as a line server ({@code lib/bench/torch_reference.py --serve}). */
    static final class Torch implements AutoCloseable {
        private final Process p;
        private final BufferedReader in;
        private final PrintWriter out;

        private Torch(Process p) {
            this.p = p;
            this.in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            this.out = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Torch start() {
            Path script = Config.home().resolve("lib/bench/torch_reference.py");
            if (!Files.isRegularFile(script)) {
                System.out.println("PyTorch reference: no " + script + "; running without it");
                return null;
            }
            try {
                ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "--serve", "--threads",
                        String.valueOf(Runtime.getRuntime().availableProcessors()));
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
                Torch t = new Torch(pb.start());
                String hello = t.in.readLine();
                if (hello == null || !hello.startsWith("READY")) {
                    System.out.println("PyTorch reference did not start (" + hello + "); install python3-torch and libopenblas0-pthread");
                    t.close();
                    return null;
                }
                System.out.println("PyTorch reference: " + hello.substring(6));
                return t;
            } catch (IOException e) {
                System.out.println("PyTorch reference: cannot start /usr/bin/python3 (" + e.getMessage() + ")");
                return null;
            }
        }

        double run(String name, int batches, int bs) {
            out.println(name + " " + batches + " " + bs);
            try {
                String line = in.readLine();
                if (line != null && line.startsWith("OK ")) return Double.parseDouble(line.split(" ")[2]);
                System.out.println("PyTorch " + name + ": " + line);
                return Double.NaN;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override public void close() {
            out.println("quit");
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
