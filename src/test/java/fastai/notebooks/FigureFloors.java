package fastai.notebooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bounds each notebook's recorded figures must meet, read from
 * {@code src/test/resources/notebook-figures.tsv}: one row per figure with its notebook, the mode
 * it applies to, {@code >=} or {@code <=}, the bound, and the measured runs it was set from.
 */
final class FigureFloors {
    static final String SOURCE = "src/test/resources/notebook-figures.tsv";

    record Bound(String notebook, String mode, String figure, boolean atLeast, double value, String measured) { }

    private final List<Bound> bounds;

    FigureFloors(List<Bound> bounds) { this.bounds = bounds; }

    static FigureFloors load() throws IOException {
        try (InputStream in = FigureFloors.class.getResourceAsStream("/notebook-figures.tsv")) {
            if (in == null) throw new IOException(SOURCE + " is not on the test class path");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static FigureFloors parse(String tsv) {
        List<Bound> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : tsv.split("\n")) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            if (f.length < 6 || !(f[3].equals(">=") || f[3].equals("<="))) {
                throw new IllegalArgumentException(SOURCE + " line " + lineNo + ": expected notebook, mode, figure, >= or <=, bound, measured (tab-separated), got: " + line);
            }
            out.add(new Bound(f[0], f[1], f[2], f[3].equals(">="), Double.parseDouble(f[4]), f[5]));
        }
        return new FigureFloors(out);
    }

    /** What is wrong with {@code figures} of {@code notebook} in {@code mode}: one line per problem, empty when all is well. */
    List<String> check(String notebook, String mode, Map<String, Double> figures) {
        List<String> problems = new ArrayList<>();
        figures.forEach((name, v) -> {
            if (v == null || v.isNaN() || v.isInfinite()) problems.add(notebook + ": figure '" + name + "' is " + v);
        });
        for (Bound b : bounds) {
            if (!b.notebook().equals(notebook) || !b.mode().equals(mode)) continue;
            Double v = figures.get(b.figure());
            if (v == null) {
                problems.add(notebook + ": figure '" + b.figure() + "' was not recorded (the notebook must call Figures.record(\"" + notebook + "\", \"" + b.figure() + "\", ...))");
            } else if (b.atLeast() ? v < b.value() : v > b.value()) {
                problems.add(String.format(Locale.ROOT, "%s: figure '%s' is %.4f, %s %s %.4f (%s mode; measured %s)", notebook, b.figure(), v,
                        b.atLeast() ? "below its floor" : "above its ceiling", b.atLeast() ? ">=" : "<=", b.value(), mode, b.measured()));
            }
        }
        return problems;
    }
}
