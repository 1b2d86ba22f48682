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
    /**
     * One line of the table: medians of both sides' rounds, and the rounds themselves.
     * {@code higherIsBetter} false for times (seconds).
     */
    public record Row(String name, String unit, double ours, double ref, String refName, boolean higherIsBetter, String note,
                      Rounds rounds) {
        Row(String name, String unit, double ours, double ref, String refName, boolean higherIsBetter, String note) {
            this(name, unit, ours, ref, refName, higherIsBetter, note, Rounds.NONE);
        }

        /** Ours over the reference's median (times inverted): above 1 means ours is faster. */
        public double ratio() {
            if (!(ours > 0) || !(ref > 0)) return Double.NaN;
            return higherIsBetter ? ours / ref : ref / ours;
        }

        /**
         * Half the range of the per-round ratios (round i of ours against round i of the reference,
         * run back to back): how far one more run's ratio may move. NaN without paired rounds.
         */
        public double spread() {
            List<Double> r = rounds.pairedRatios(higherIsBetter);
            if (r.size() < 2) return Double.NaN;
            return (r.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
                    - r.stream().mapToDouble(Double::doubleValue).min().getAsDouble()) / 2;
        }

        Row withRefName(String refName) {
            return new Row(name, unit, ours, ref, refName, higherIsBetter, note, rounds);
        }

        /** Whether the spread is too wide to tell a ratio from its neighbour ±{@value #TRUSTED_SPREAD}. */
        public boolean tooWide() {
            return spread() > TRUSTED_SPREAD + 1e-9;   // a float hair above ±0.1 is still ±0.1
        }
    }

    /** Each side's per-round results, in the order they ran (ours, reference, ours, reference …). */
    public record Rounds(List<Double> ours, List<Double> ref) {
        static final Rounds NONE = new Rounds(List.of(), List.of());

        List<Double> pairedRatios(boolean higherIsBetter) {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < Math.min(ours.size(), ref.size()); i++) {
                double a = ours.get(i), b = ref.get(i);
                if (a > 0 && b > 0) r.add(higherIsBetter ? a / b : b / a);
            }
            return r;
        }
    }

    /** A ratio whose rounds spread wider than this (half-range) is flagged as not to be judged. */
    static final double TRUSTED_SPREAD = 0.1;

    static final List<String> ALL = List.of("gemm", "mnist", "mnistbn", "cnn150", "vgg16", "minivgg", "pipeline", "kernel");

    private final boolean quick;
    private final int rounds;
    /** Seconds of whole training steps per round and side: long enough that one slow step or a timer tick does not move it. */
    private final double roundSeconds;
    private final Set<String> only;
    private final List<Row> rows = new ArrayList<>();
    private final Torch torch;
    private double miniTrainRate = Double.NaN;

    Bench(boolean quick, int rounds, Set<String> only, boolean useTorch) {
        this.quick = quick;
        this.rounds = rounds;
        this.roundSeconds = quick ? 1.0 : 2.5;
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
        int rounds = intArg(a, "--rounds", quick ? 3 : 7);
        Set<String> only = new LinkedHashSet<>(ALL);
        int i = a.indexOf("--only");
        if (i >= 0 && i + 1 < a.size()) {
            only = new LinkedHashSet<>(Arrays.asList(a.get(i + 1).split(",")));
            for (String s : only) if (!ALL.contains(s)) throw new IllegalArgumentException("unknown part '" + s + "'; parts: " + ALL);
        }
        if (a.contains("--help")) {
            System.out.println("usage: ./fastai bench [--quick] [--rounds N] [--only " + String.join(",", ALL) + "] [--no-torch] [--out DIR]");
            System.out.println("       ./fastai bench --setup-reference   (installs the PyTorch reference: Debian's python3-torch)");
            System.out.println("       ./fastai bench --ops mnist|cnn150|minivgg [--steps N]   (time per op of one training step)");
            return;
        }
        Path out = i(a, "--out") != null ? Path.of(i(a, "--out")) : Config.resultsDir().resolve("bench");

        Cpu cpu = Cpu.read();
        System.out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
        System.out.println(cpu.describe());
        System.out.printf(Locale.ROOT, "ND4J natives with oneDNN: %b; convolution path (-Dfastai.onednn): %s; OMP_NUM_THREADS=%s; "
                        + "OPENBLAS_THREAD_TIMEOUT=%s (the PyTorch reference runs in the same environment)%n",
                OneDnn.nativesHaveOneDnn(), OneDnn.wanted() ? OneDnn.path().name().toLowerCase(Locale.ROOT) : "off (DL4J's Java path)",
                System.getenv("OMP_NUM_THREADS"),
                System.getenv("OPENBLAS_THREAD_TIMEOUT"));
        System.out.println("JIT: " + jit() + (jit().equals("C1 only") ? ", as the notebooks' kernel (kernel/jvm.options)" : ""));

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
        if (only.contains("mnist")) train("mnist", "MNIST CNN train bs64 28x28");
        if (only.contains("mnistbn")) train("mnistbn", "MNIST CNN + batch norm train bs64");
        if (only.contains("cnn150")) train("cnn150", "150x150 3-conv CNN train bs32");
        if (only.contains("vgg16")) vgg16();
        if (only.contains("minivgg") || only.contains("pipeline")) miniTrainRate = train("minivgg", "MiniVgg train bs64 28x28");
        if (only.contains("pipeline")) pipeline();
        if (only.contains("kernel")) kernel();
    }

    // ---- parts --------------------------------------------------------------------------------

    void gemm(Cpu cpu) {
        int n = 2048, reps = quick ? 3 : 6;
        Row r = interleave("sgemm " + n + "x" + n, "GFLOPS", () -> gemmRate(n, reps),
                torch == null ? null : () -> torch.run("gemm", reps, n), true, "");
        rows.add(r);
        rows.add(new Row("sgemm / CPU peak", "GFLOPS", r.ours(), cpu.peakGflops(), "peak", true, cpu.peakFormula()));
    }

    double train(String key, String name) {
        ComputationGraph g = OpsProfile.net(key);
        DataSet ds = OpsProfile.batch(key);
        OneDnn.install(g);
        int bs = ds.numExamples();
        boolean sameNet = torch == null || torch.sameNet(key, trainableParams(g));
        warmUp(() -> g.fit(ds));
        Row row = interleave(name, "img/s", () -> timed(() -> g.fit(ds), bs),
                torch == null || !sameNet ? null : () -> torch.timed(key, roundSeconds, bs), true,
                String.format(Locale.ROOT, "%d rounds of %.1f s per side", rounds, roundSeconds));
        rows.add(row);
        return row.ours();
    }

    /** Which JIT compilers this JVM runs: "C1 only" (kernel/jvm.options says why) or "C1 and C2". */
    static String jit() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1")
                ? "C1 only" : "C1 and C2";
    }

    /** Parameters that train (DL4J counts batch norm's running mean and variance too, PyTorch keeps them as buffers). */
    static long trainableParams(ComputationGraph g) {
        return g.paramTable().entrySet().stream()
                .filter(e -> !e.getKey().matches(".*_(mean|var|log10stdev)"))
                .mapToLong(e -> e.getValue().length()).sum();
    }

    /** Images per second over whole calls of {@code step} that fill at least {@link #roundSeconds} (two at least). */
    double timed(Runnable step, int imagesPerStep) {
        long t0 = System.nanoTime();
        int n = 0;
        while (n < 2 || System.nanoTime() - t0 < roundSeconds * 1e9) {
            step.run();
            n++;
        }
        return (double) imagesPerStep * n / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Runs {@code step} for at least {@value #WARM_UP_SECONDS} s (and twice): workspaces, helpers and
     * the JIT settle before timing. One step was too little: DL4J's Java code is still being
     * compiled, and the first timed rounds of the MNIST CNN ran 20-30% slow. 3 s still left the first
     * rounds of the batch-norm net 15-25% slow (its Java path is longer: DL4J's batch-norm layer and
     * updater). The PyTorch side warms up the same way ({@code torch_reference.py}).
     */
    static void warmUp(Runnable step) {
        long t0 = System.nanoTime();
        for (int n = 0; n < 2 || System.nanoTime() - t0 < WARM_UP_SECONDS * 1e9; n++) step.run();
    }

    static final int WARM_UP_SECONDS = 6;

    void vgg16() {
        ComputationGraph g = (ComputationGraph) VGG16.builder().numClasses(1000).build().init();
        OneDnn.install(g);
        int bs = 2;
        INDArray x = Nd4j.rand(DataType.FLOAT, bs, 3, 224, 224);
        boolean sameNet = torch == null || torch.sameNet("vgg16", trainableParams(g));
        warmUp(() -> g.outputSingle(false, x));
        rows.add(interleave("VGG16 forward bs2 224x224", "img/s", () -> timed(() -> g.outputSingle(false, x), bs),
                torch == null || !sameNet ? null : () -> torch.timed("vgg16", roundSeconds, bs), true, "random weights"));
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
        rows.add(interleave("MiniVgg.fit over PNG Batches", "img/s", () -> {
            long t0 = System.nanoTime();
            m.fit(small, null, 1);
            return small.count() / ((System.nanoTime() - t0) / 1e9);
        }, torch == null ? null : () -> torch.run("minivgg", small.numBatches(), 64), true, small.count() + " images per round")
                .withRefName("PyTorch in-memory"));
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

    /**
     * Runs ours and the reference alternately, {@code rounds} times each, with a pause between turns so
     * that the other side's spinning OpenMP/BLAS threads have gone to sleep (on 2 cores they would
     * otherwise take half the CPU from the side being timed). Prints every round as it comes.
     */
    Row interleave(String what, String unit, DoubleSupplier ours, DoubleSupplier ref, boolean higherIsBetter, String note) {
        List<Double> a = new ArrayList<>(), b = new ArrayList<>();
        double oursIdleCpu = 0, refIdleCpu = 0;   // the most CPU one side used while the other was timed, in cores
        for (int r = 0; r < rounds; r++) {
            settle();
            CpuUse otherSide = CpuUse.start(torch == null ? -1 : torch.pid());
            a.add(ours.getAsDouble());
            refIdleCpu = Math.max(refIdleCpu, otherSide.otherCores());
            if (ref != null) {
                settle();
                CpuUse thisSide = CpuUse.start(-1);
                b.add(ref.getAsDouble());
                oursIdleCpu = Math.max(oursIdleCpu, thisSide.ownCores());
            }
        }
        Row row = new Row(what, unit, median(a), b.isEmpty() ? Double.NaN : median(b), "PyTorch", higherIsBetter, note, new Rounds(a, b));
        System.out.printf(Locale.ROOT, "%-34s ours %s  ref %s  ratio %s  (load %s)%n", what, fmtList(a), fmtList(b),
                fmtRatio(row), loadAverage());
        if (oursIdleCpu > BUSY_WHILE_WAITING || refIdleCpu > BUSY_WHILE_WAITING) {
            System.out.printf(Locale.ROOT, "  warning: a side used CPU while the other was timed (ours %.2f cores during PyTorch's turn, "
                    + "PyTorch %.2f during ours): the waiting side slowed the timed one%n", oursIdleCpu, refIdleCpu);
        }
        if (row.tooWide()) {
            System.out.printf(Locale.ROOT, "  warning: the rounds' ratios spread ±%.2f, wider than ±%.1f: too wide to judge this ratio "
                    + "(other work on the machine? load %s)%n", row.spread(), TRUSTED_SPREAD, loadAverage());
        }
        return row;
    }

    /** Cores' worth of CPU the waiting side may use (a timer, the line protocol) before it counts as interference. */
    static final double BUSY_WHILE_WAITING = 0.05;

    /**
     * CPU time used during one turn, by this JVM and by the other side's process ({@code /proc/PID/stat}),
     * in cores (CPU seconds per wall second): what the waiting side took from the timed one.
     */
    record CpuUse(long wall0, long own0, long otherPid, double other0) {
        static CpuUse start(long otherPid) {
            return new CpuUse(System.nanoTime(), ownCpuNanos(), otherPid, otherPid > 0 ? procCpuSeconds(otherPid) : 0);
        }

        double ownCores() {
            return (ownCpuNanos() - own0) / (double) Math.max(1, System.nanoTime() - wall0);
        }

        double otherCores() {
            if (otherPid <= 0) return 0;
            return (procCpuSeconds(otherPid) - other0) * 1e9 / Math.max(1, System.nanoTime() - wall0);
        }

        static long ownCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** utime + stime of a process in seconds (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s). */
        static double procCpuSeconds(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");   // fields from 3 on
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /** Milliseconds between turns: libgomp and OpenBLAS threads spin for a while after a parallel region. */
    static final int SETTLE_MS = 300;

    static void settle() {
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** Medians with each side's min–max over its rounds, and the ratio of medians ± half the range of the rounds' ratios. */
    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        String f = "%-34s %7s %18s %18s  %-18s %-13s%n";
        sb.append(String.format(Locale.ROOT, f, "name", "unit", "ours (min-max)", "reference (min-max)", "reference is", "ratio ± spread"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, f, r.name(), r.unit(), withRange(r.ours(), r.rounds().ours()),
                    withRange(r.ref(), r.rounds().ref()), r.refName(), fmtRatio(r)));
        }
        if (rows.stream().anyMatch(Row::tooWide)) {
            sb.append(String.format(Locale.ROOT, "! marks a ratio whose rounds spread wider than ±%.1f: too wide to judge%n", TRUSTED_SPREAD));
        }
        return sb.toString();
    }

    static String withRange(double median, List<Double> rounds) {
        if (rounds.size() < 2) return fmt(median);
        double lo = rounds.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
        double hi = rounds.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
        return fmt(median) + " (" + fmt(lo) + "-" + fmt(hi) + ")";
    }

    static String fmtRatio(Row r) {
        if (Double.isNaN(r.ratio())) return "-";
        if (Double.isNaN(r.spread())) return String.format(Locale.ROOT, "%.2f", r.ratio());
        return String.format(Locale.ROOT, "%.2f ± %.2f%s", r.ratio(), r.spread(), r.tooWide() ? " !" : "");
    }

    static void writeCsv(Path file, List<Row> rows, String load) {
        String when = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        AtomicFiles.write(file, tmp -> {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
                w.println("name,unit,ours,reference,reference_is,ratio,ratio_spread,ours_rounds,reference_rounds,note,load_average,"
                        + "conv_path,time");
                for (Row r : rows) {
                    w.printf(Locale.ROOT, "%s,%s,%.4f,%.4f,%s,%.4f,%.4f,%s,%s,%s,%s,%s,%s%n", csv(r.name().strip()), r.unit(), r.ours(), r.ref(),
                            csv(r.refName()), r.ratio(), r.spread(), rounds(r.rounds().ours()), rounds(r.rounds().ref()), csv(r.note()),
                            csv(load), OneDnn.wanted() ? OneDnn.path().name().toLowerCase(Locale.ROOT) : "off", when);
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

    private static String rounds(List<Double> xs) {
        List<String> s = new ArrayList<>();
        for (double x : xs) s.add(String.format(Locale.ROOT, "%.4g", x));
        return String.join(" ", s);
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

    static final String HOW_TO_GET_TORCH = "run ./fastai bench --setup-reference once (it installs Debian's python3-torch 1.13 "
            + "and libopenblas0-pthread), or ./fastai bench --no-torch for ours alone";

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
                    System.out.println("PyTorch reference did not start (" + hello + "); " + HOW_TO_GET_TORCH);
                    t.close();
                    return null;
                }
                System.out.println("PyTorch reference: " + hello.substring(6));
                return t;
            } catch (IOException e) {
                System.out.println("PyTorch reference: cannot start /usr/bin/python3 (" + e.getMessage() + "); " + HOW_TO_GET_TORCH);
                return null;
            }
        }

        long pid() {
            return p.pid();
        }

        /** Images per second over whole steps of net {@code name} filling at least {@code seconds}. */
        double timed(String name, double seconds, int bs) {
            return ask(String.format(Locale.ROOT, "timed %s %.2f %d", name, seconds, bs), name);
        }

        /**
         * Whether PyTorch's twin of net {@code name} has {@code ours} parameters too; if not, says so: a ratio
         * between two different nets would mean nothing, so that row is then timed without PyTorch.
         */
        boolean sameNet(String name, long ours) {
            double theirs = ask("params " + name, name);
            if (theirs == ours) return true;
            System.out.printf(Locale.ROOT, "PyTorch %s: its twin has %.0f parameters, ours %d: not the same net, no ratio for it%n",
                    name, theirs, ours);
            return false;
        }

        double run(String name, int batches, int bs) {
            return ask(name + " " + batches + " " + bs, name);
        }

        private double ask(String request, String name) {
            out.println(request);
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
