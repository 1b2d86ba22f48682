package fastai.datasets;

import fastai.io.DataException;
import fastai.io.ImageCheck;

import fastai.Config;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.io.EOFException;
import java.util.stream.IntStream;

/**
 * Organizes the real Kaggle dogs-vs-cats download into the course's layout, the steps lesson 2
 * does by hand:
 * <pre>
 * dogscats/train/cats/cat.N.jpg  train/dogs/dog.N.jpg
 * dogscats/valid/cats/  valid/dogs/          a seeded random {@code validCount} of the training images
 * dogscats/test/unknown/N.jpg                Kaggle's test images, ids kept
 * dogscats/sample/train/&lt;class&gt;/  sample/valid/&lt;class&gt;/   small random copies for quick runs
 * </pre>
 * The download can be given as Kaggle hands it out: {@code dogs-vs-cats.zip} (holding
 * {@code train.zip} and {@code test1.zip}), the two inner zips in a folder, or a folder where they
 * were extracted ({@code train/cat.0.jpg ... test1/1.jpg}; the redux competition's {@code test/}
 * works too). The download is only read; files are hard-linked where possible, copied otherwise.
 *
 * <p>As in the course, the validation images are the first {@code validCount} of a random
 * permutation of all training images (cats and dogs together), so the per-class counts are about,
 * not exactly, half each.
 */
public final class KaggleDogsCats {
    /** The command a learner runs, for messages. */
    public static final String COMMAND = "datasets/dogscats.sh PATH_TO_DOWNLOAD";

    static final String DOWNLOAD_HINT = "download dogs-vs-cats from https://www.kaggle.com/c/dogs-vs-cats/data"
            + " (or `kaggle competitions download -c dogs-vs-cats`) and pass the zip or the folder";

    private static final Pattern TEST = Pattern.compile("(\\d+)\\.jpe?g", Pattern.CASE_INSENSITIVE);

    private KaggleDogsCats() { }

    /**
     * Sizes and seed. {@link #DEFAULT}: 2000 validation images as in the course, a sample of 200
     * training and 50 validation images, seed 2017, all training images, classes cat and dog.
     *
     * <p>{@code limit} ({@code n} in the CNN article) keeps only the first {@code n} images of the
     * seeded random permutation (0: all); {@code validRatio}, when above 0, replaces
     * {@code validCount} by {@code (int) (kept * validRatio)}. {@code classes} are the file-name
     * prefixes ({@code cat} for {@code cat.N.jpg}); class folders add an "s" ({@code cats/}).
     */
    public record Options(int validCount, int sampleTrain, int sampleValid, long seed, int limit, double validRatio,
                          List<String> classes, boolean skipBad) {
        public static final List<String> DOGS_CATS = List.of("cat", "dog");
        public static final Options DEFAULT = new Options(2000, 200, 50, 2017);

        public Options {
            if (validCount < 0 || sampleTrain < 0 || sampleValid < 0) {
                throw new IllegalArgumentException("validCount, sampleTrain and sampleValid must be >= 0, got "
                        + validCount + ", " + sampleTrain + ", " + sampleValid);
            }
            if (limit < 0) throw new IllegalArgumentException("n (the number of images to use) must be >= 0 (0 = all), got " + limit);
            if (!(validRatio >= 0 && validRatio < 1)) {
                throw new IllegalArgumentException("the validation ratio must be in [0, 1), got " + validRatio);
            }
            if (classes == null || classes.size() < 2) throw new IllegalArgumentException("need at least 2 classes, got " + classes);
            for (String c : classes) {
                if (!c.matches("[A-Za-z0-9_-]+")) {
                    throw new IllegalArgumentException("class name must be letters, digits, _ or -, got '" + c + "'");
                }
            }
            classes = List.copyOf(classes);
        }

        /** The course's options: a fixed number of validation images, every image used, cats and dogs. */
        public Options(int validCount, int sampleTrain, int sampleValid, long seed) {
            this(validCount, sampleTrain, sampleValid, seed, 0, 0, DOGS_CATS);
        }

        /** Options that refuse a download with unusable images (the default). */
        public Options(int validCount, int sampleTrain, int sampleValid, long seed, int limit, double validRatio, List<String> classes) {
            this(validCount, sampleTrain, sampleValid, seed, limit, validRatio, classes, false);
        }

        /**
         * The same options, leaving out images that do not decode cleanly (truncated, corrupt, empty)
         * with a warning and a list in {@code skipped.txt}, instead of refusing the download.
         */
        public Options skippingBad() {
            return new Options(validCount, sampleTrain, sampleValid, seed, limit, validRatio, classes, true);
        }

        /** The options as the command line spells them; recorded with the folder and compared on the next run. */
        public String commandLine() {
            return String.format(Locale.ROOT, "--valid %d --sample-train %d --sample-valid %d --seed %d --n %d --ratio %s --classes %s%s",
                    validCount, sampleTrain, sampleValid, seed, limit, validRatio, String.join(",", classes), skipBad ? " --skip-bad" : "");
        }

        /**
         * The CNN article's {@code organize_datasets(n, ratio)}: {@code n} random images (0: all), the
         * first {@code ratio} of them for validation; no sample folders.
         */
        public static Options article(int n, double ratio, long seed) {
            if (!(ratio > 0 && ratio < 1)) throw new IllegalArgumentException("ratio must be in (0, 1), got " + ratio);
            return new Options(0, 0, 0, seed, n, ratio, DOGS_CATS);
        }

        /** The same options for files named {@code CLASS.N.jpg} with other class names. */
        public Options withClasses(String... names) {
            return new Options(validCount, sampleTrain, sampleValid, seed, limit, validRatio, List.of(names), skipBad);
        }

        Pattern pattern() {
            StringBuilder alt = new StringBuilder();
            for (String c : classes) alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(c));
            return Pattern.compile("(" + alt + ")\\.(\\d+)\\.jpe?g", Pattern.CASE_INSENSITIVE);
        }

        List<String> folders() { return classes.stream().map(c -> c.toLowerCase(Locale.ROOT) + "s").toList(); }
    }

    /** Organizes into {@code data/dogscats} with the default options. */
    public static boolean organize(Path download) {
        return organize(download, Config.dataDir().resolve("dogscats"), Options.DEFAULT);
    }

    /**
     * Organizes {@code download} into {@code target} unless that is already there.
     *
     * @return true when made, false when it was already there
     */
    public static boolean organize(Path download, Path target, Options o) {
        if (AtomicFolder.isComplete(target)) checkSameOptions(target, o);
        if (!AtomicFolder.isComplete(target) && !Files.exists(download)) {
            throw new DataException("Kaggle download not found at " + download + ": " + DOWNLOAD_HINT);
        }
        if (!AtomicFolder.isComplete(target) && Files.isRegularFile(download)) {
            try {
                checkZip(download);
            } catch (IOException e) {
                throw new DataException("cannot read " + download + ": " + e, e);
            }
        }
        Path targetAbs = target.toAbsolutePath().normalize();
        return AtomicFolder.make(target, "dogscats", tmp -> build(download.toAbsolutePath().normalize(), targetAbs, tmp, o));
    }

    /** Where the options a folder was made with are kept (written before the folder is complete). */
    static final String OPTIONS_FILE = ".options";

    /**
     * An existing folder is kept only when it was made with the options asked for now; else a
     * message says what it was made with and how to rebuild it (nothing is deleted here).
     */
    static void checkSameOptions(Path target, Options o) {
        Path f = target.resolve(OPTIONS_FILE);
        String made;
        try {
            made = Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            throw new DataException("cannot read " + f + ": " + e.getMessage(), e);
        }
        String wanted = o.commandLine();
        if (wanted.equals(made)) return;
        if (made == null && o.equals(Options.DEFAULT)) return;   // made before options were recorded, with the defaults
        throw new DataException(target + " was organized " + (made == null ? "with options that were not recorded" : "with " + made)
                + ", not with " + wanted + ": to rebuild it, delete it (rm -rf " + target + ") and run again,"
                + " or organize into another folder with --to DIR");
    }

    /** A training image's class folder and file name, or a test image's id. */
    private record Item(String cls, long number, String fileName) { }

    private static final class Stager {
        final Path dir;
        final Map<String, String> seen = new HashMap<>(); // file name in layout -> where it came from
        final List<Item> train = new ArrayList<>();
        final List<Long> test = new ArrayList<>();
        final Progress progress;
        final Pattern trainPattern;
        boolean wantTrain = true, wantTest = true;

        Stager(Path dir, Progress progress, Pattern trainPattern) {
            this.dir = dir;
            this.progress = progress;
            this.trainPattern = trainPattern;
        }

        /** What a path inside the download is: a training image, a test image, or nothing. */
        Item classify(String path) {
            String[] parts = path.replace('\\', '/').split("/");
            String name = parts[parts.length - 1];
            String parent = parts.length > 1 ? parts[parts.length - 2].toLowerCase(Locale.ROOT) : "";
            if (name.startsWith("._") || path.contains("__MACOSX")) return null;
            Matcher m = trainPattern.matcher(name);
            if (m.matches() && !parent.startsWith("test") && wantTrain) {
                String cls = m.group(1).toLowerCase(Locale.ROOT);
                return new Item(cls + "s", Long.parseLong(m.group(2)), cls + "." + m.group(2) + ".jpg");
            }
            Matcher t = TEST.matcher(name);
            if (t.matches() && (parent.equals("test1") || parent.equals("test")) && wantTest) {
                return new Item(null, Long.parseLong(t.group(1)), t.group(1) + ".jpg");
            }
            return null;
        }

        Path destination(Item it) {
            return it.cls() == null ? dir.resolve("test/unknown").resolve(it.fileName())
                    : dir.resolve("train").resolve(it.cls()).resolve(it.fileName());
        }

        void record(Item it, String from) {
            String key = (it.cls() == null ? "test1/" : "train/") + it.fileName();
            String before = seen.putIfAbsent(key, from);
            if (before != null) {
                throw new DataException("the Kaggle download has " + key + " twice: " + before + " and " + from);
            }
            if (it.cls() == null) test.add(it.number()); else train.add(it);
            progress.step();
        }

        /** Stages one file from a folder: hard link where possible, copy otherwise. */
        void fromFile(Path f, Item it) throws IOException {
            checkJpeg(f);
            record(it, f.toString());
            Path dest = destination(it);
            try {
                Files.createLink(dest, f);
            } catch (FileSystemException | UnsupportedOperationException e) {
                Files.copy(f, dest);
            }
        }

        void fromStream(InputStream in, Item it, String from) throws IOException {
            record(it, from);
            Path dest = destination(it);
            byte[] head = in.readNBytes(3);
            if (!isJpeg(head)) throw notJpeg(from);
            try (OutputStream out = Files.newOutputStream(dest)) {
                out.write(head);
                in.transferTo(out);
            }
        }

        /** Reads a zip (possibly holding more zips) and stages what it holds. */
        void fromZip(Path zip) throws IOException {
            checkZip(zip);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(zip), 1 << 16)) {
                fromZipStream(new ZipInputStream(in), zip.toString());
            } catch (ZipException | EOFException e) {
                throw new DataException("corrupt zip file " + zip + " (" + e.getMessage() + "): download it again", e);
            }
        }

        private void fromZipStream(ZipInputStream zin, String name) throws IOException {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                if (e.isDirectory()) continue;
                String entry = e.getName();
                if (entry.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                    fromZipStream(new ZipInputStream(new NonClosing(zin)), name + "!" + entry);
                    continue;
                }
                Item it = classify(entry);
                if (it != null) fromStream(zin, it, name + "!" + entry);
            }
        }
    }

    private static void build(Path download, Path target, Path tmp, Options o) throws IOException {
        Files.createDirectories(tmp.resolve("test/unknown"));
        for (String c : o.folders()) {
            for (String d : List.of("train/", "valid/", "sample/train/", "sample/valid/")) Files.createDirectories(tmp.resolve(d + c));
        }
        Stager st = stage(download, target, tmp, o);
        checkImages(st, o);
        if (st.train.isEmpty()) {
            throw new DataException("no Kaggle training images (" + String.join(", ",
                    o.classes().stream().map(c -> "train/" + c + ".N.jpg").toList()) + ") found in "
                    + download + (o.classes().equals(Options.DOGS_CATS) ? ": " + DOWNLOAD_HINT : ""));
        }
        if (st.test.isEmpty()) {
            Progress.out().println("dogscats: note: no test images (test1/N.jpg) in " + download + "; test/unknown is empty");
        }

        List<Item> all = permutation(st, tmp, o);
        int validCount = o.validRatio() > 0 ? (int) (all.size() * o.validRatio()) : o.validCount();
        if (validCount >= all.size()) {
            throw new DataException("dogscats: a validation set of " + validCount + " needs more than "
                    + all.size() + " training images (found in " + download + ")");
        }
        splitValid(tmp, all, validCount, o);
        writeReadme(tmp, st, o, download, validCount, all.size());
    }

    /** Copies the training and test images out of the download (folders first, zips for what they lack). */
    private static Stager stage(Path download, Path target, Path tmp, Options o) throws IOException {
        try (Progress progress = new Progress("dogscats: reading the download", 0, "images")) {
            Stager st = new Stager(tmp, progress, o.pattern());
            if (Files.isDirectory(download)) {
                List<Path> zips = new ArrayList<>();
                try (Stream<Path> s = Files.walk(download, 4)) {
                    for (Path f : (Iterable<Path>) s.sorted()::iterator) {
                        if (!Files.isRegularFile(f) || isOurs(f, target)) continue;
                        String rel = download.relativize(f).toString();
                        if (rel.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                            zips.add(f);
                            continue;
                        }
                        Item it = st.classify(rel);
                        if (it != null) st.fromFile(f, it);
                    }
                }
                // Extracted folders win; the zips are read only for what the folders lack.
                st.wantTrain = st.train.isEmpty();
                st.wantTest = st.test.isEmpty();
                if (st.wantTrain || st.wantTest) {
                    for (Path z : zips) st.fromZip(z);
                }
            } else {
                st.fromZip(download);
            }
            return st;
        }
    }

    /** The course's split: a random permutation of all training images (the first {@code limit} of them if set). */
    private static List<Item> permutation(Stager st, Path tmp, Options o) throws IOException {
        List<Item> all = new ArrayList<>(st.train);
        all.sort(Comparator.comparing(Item::cls).thenComparingLong(Item::number));
        Collections.shuffle(all, new Random(o.seed()));
        if (o.limit() > 0 && o.limit() < all.size()) {
            // The article's n: keep the first n of the permutation, drop the rest from the layout.
            for (Item it : all.subList(o.limit(), all.size())) Files.delete(tmp.resolve("train").resolve(it.cls()).resolve(it.fileName()));
            all = new ArrayList<>(all.subList(0, o.limit()));
        }
        return all;
    }

    /** The first {@code validCount} of the permutation to valid/, and the sample folders. */
    private static void splitValid(Path tmp, List<Item> all, int validCount, Options o) throws IOException {
        List<Item> valid = all.subList(0, validCount);
        List<Item> train = all.subList(validCount, all.size());
        for (Item it : valid) {
            Files.move(tmp.resolve("train").resolve(it.cls()).resolve(it.fileName()),
                    tmp.resolve("valid").resolve(it.cls()).resolve(it.fileName()));
        }
        for (Item it : train.subList(0, Math.min(o.sampleTrain(), train.size()))) {
            Files.copy(tmp.resolve("train").resolve(it.cls()).resolve(it.fileName()),
                    tmp.resolve("sample/train").resolve(it.cls()).resolve(it.fileName()));
        }
        for (Item it : valid.subList(0, Math.min(o.sampleValid(), valid.size()))) {
            Files.copy(tmp.resolve("valid").resolve(it.cls()).resolve(it.fileName()),
                    tmp.resolve("sample/valid").resolve(it.cls()).resolve(it.fileName()));
        }
    }

    /** README.txt with the counts, and the options file that says how the folder was made. */
    private static void writeReadme(Path tmp, Stager st, Options o, Path download, int validCount, int used) throws IOException {
        StringBuilder per = new StringBuilder();
        for (String split : List.of("train", "valid")) {
            per.append(' ');
            for (String c : o.folders()) per.append(String.format(Locale.ROOT, " %s/%s %d", split, c, Fs.countFiles(tmp.resolve(split).resolve(c))));
            per.append(System.lineSeparator());
        }
        String counts = per + String.format(Locale.ROOT, "  test/unknown %d%n  sample/train %d  sample/valid %d%n",
                st.test.size(), Fs.countFiles(tmp.resolve("sample/train")), Fs.countFiles(tmp.resolve("sample/valid")));
        Files.writeString(tmp.resolve(OPTIONS_FILE), o.commandLine() + "\n", StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("README.txt"), """
                dogscats: Kaggle's dogs vs cats, organized as in the course
                ==========================================================

                %s
                valid/ is a random %d of the %d training images used (seed %d, all classes together, as in
                the course); test/unknown/N.jpg keeps Kaggle's ids, so a submission's id is N.
                Options: %s
                Labels in DataVec's alphabetical order of the class folders %s.

                Source: the Kaggle competition "Dogs vs. Cats" (https://www.kaggle.com/c/dogs-vs-cats),
                images from the Asirra data set (Microsoft Research); use them under Kaggle's competition rules.
                Organized from %s by fastai.datasets.KaggleDogsCats.
                """.formatted(counts, validCount, used, o.seed(), o.commandLine(), o.folders().stream().sorted().toList(), download), StandardCharsets.UTF_8);
        Progress.out().print(counts);
    }

    /**
     * Decodes every staged image in full (the quick header check at staging misses truncated and
     * corrupt JPEGs, which decoders fill with grey without a word). Bad ones stop the run with one
     * message listing them all, or, with {@code --skip-bad}, are left out and listed in {@code skipped.txt}.
     */
    private static void checkImages(Stager st, Options o) throws IOException {
        List<Item> all = new ArrayList<>(st.train);
        for (long id : st.test) all.add(new Item(null, id, id + ".jpg"));
        String[] why = new String[all.size()];
        try (Progress progress = new Progress("dogscats: checking every image", all.size(), "images")) {
            IntStream.range(0, all.size()).parallel().forEach(i -> {
                if (AtomicFolder.stopping()) return;
                why[i] = ImageCheck.full(st.destination(all.get(i)));
                progress.step();
            });
        }
        List<ImageCheck.Problem> problems = new ArrayList<>();
        List<Item> bad = new ArrayList<>();
        for (int i = 0; i < why.length; i++) {
            if (why[i] == null) continue;
            Item it = all.get(i);
            problems.add(new ImageCheck.Problem(Path.of(st.seen.get((it.cls() == null ? "test1/" : "train/") + it.fileName())), why[i]));
            bad.add(it);
        }
        if (problems.isEmpty()) return;
        if (!o.skipBad()) {
            // a DataException is one line: the files separated by "; "
            throw new DataException(ImageCheck.message("of the download", null, problems, all.size(),
                    "nothing was organized; download them again, or run with --skip-bad to leave them out").replaceFirst("\n  ", " ").replace("\n  ", "; "));
        }
        String list = ImageCheck.message("of the download", null, problems, all.size(), "left out: --skip-bad");
        Progress.out().println("dogscats: warning: " + list);
        Files.writeString(st.dir.resolve("skipped.txt"), list + System.lineSeparator(), StandardCharsets.UTF_8);
        for (Item it : bad) {
            Files.delete(st.destination(it));
            if (it.cls() == null) st.test.remove(Long.valueOf(it.number())); else st.train.remove(it);
        }
    }

    static boolean isJpeg(byte[] head) {
        return head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF;
    }

    static void checkJpeg(Path f) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(f)) {
            head = in.readNBytes(3);
        }
        if (!isJpeg(head)) throw notJpeg(f.toString());
    }

    static DataException notJpeg(String where) {
        return new DataException("not a JPEG file (corrupt or wrongly named): " + where);
    }

    /** A clear message when the "zip" is not one (Kaggle hands out an HTML page when not logged in). */
    static void checkZip(Path zip) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(zip)) {
            head = in.readNBytes(64);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return;
        String text = new String(head, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("<!doctype html") || text.startsWith("<html")) {
            throw new DataException(zip + " is an HTML page, not a zip file (Kaggle sends its web page when the download"
                    + " is not authorized: accept the competition's rules, log in, and download it again)");
        }
        throw new DataException(zip + " is not a zip file (" + (head.length == 0 ? "it is empty" : "wrong magic bytes")
                + "): download it again");
    }

    /** True for a path inside the target or inside a temporary folder of it (when the download holds it). */
    static boolean isOurs(Path f, Path target) {
        if (f.startsWith(target)) return true;
        String tmpPrefix = target.getFileName() + ".tmp-";
        for (Path p = f.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().startsWith(tmpPrefix)
                    && target.getParent().equals(p.getParent())) return true;
        }
        return false;
    }

    /** Keeps a nested ZipInputStream from closing the outer one. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) { super(in); }

        @Override public void close() { }
    }

    /**
     * {@code KaggleDogsCats DOWNLOAD [--to DIR] [--valid N] [--sample-train N] [--sample-valid N] [--seed S]}:
     * organizes the download into {@code DIR} (default {@code data/dogscats}).
     */
    public static void main(String[] args) {
        Path download = null;
        Path to = null;
        Options d = Options.DEFAULT;
        int valid = d.validCount(), sampleTrain = d.sampleTrain(), sampleValid = d.sampleValid();
        long seed = d.seed();
        int n = 0;
        double ratio = 0;
        List<String> classes = Options.DOGS_CATS;
        boolean skipBad = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--to" -> to = Path.of(value(args, ++i, a));
                    case "--valid" -> valid = Integer.parseInt(value(args, ++i, a));
                    case "--sample-train" -> sampleTrain = Integer.parseInt(value(args, ++i, a));
                    case "--sample-valid" -> sampleValid = Integer.parseInt(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--n" -> n = Integer.parseInt(value(args, ++i, a));
                    case "--ratio" -> ratio = Double.parseDouble(value(args, ++i, a));
                    case "--classes" -> classes = List.of(value(args, ++i, a).split(","));
                    case "--skip-bad" -> skipBad = true;
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> {
                        if (a.startsWith("-") || download != null) throw new DataException("unexpected argument " + a + "; " + USAGE);
                        download = Path.of(a);
                    }
                }
            }
            if (download == null) throw new DataException(USAGE);
            if (to == null) to = Config.dataDir().resolve("dogscats");
            organize(download, to, new Options(valid, sampleTrain, sampleValid, seed, n, ratio, classes, skipBad));
        } catch (NumberFormatException e) {
            System.err.println("error: not a number: " + e.getMessage() + "; " + USAGE);
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (DataException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) throw new DataException(opt + " needs a value; " + USAGE);
        return args[i];
    }

    static final String USAGE = "usage: " + COMMAND
            + " [--to DIR] [--valid 2000] [--sample-train 200] [--sample-valid 50] [--seed 2017]"
            + " [--n N (0 = all)] [--ratio R (replaces --valid)] [--classes cat,dog] [--skip-bad (leave out images that do not decode)]";
}
