package fastai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import fastai.io.AtomicFiles;

/**
 * A notebook's key figures (accuracies, losses) written where the test suite and the README can
 * read them: {@code <results>/figures/<notebook>.json}, one number per name, plus the mode (quick
 * or full) they were measured in. The notebook shows its figures in its own tables; this is only
 * the record, so that a figure that falls to chance fails the build with its name.
 */
public final class Figures {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private static final String NAME = "[A-Za-z0-9_.-]+";

    private Figures() { }

    /** Records {@code value} as {@code name} of {@code notebook} (replacing an earlier value) and returns it. */
    public static synchronized double record(String notebook, String name, double value) {
        checkNotebook(notebook);
        if (name == null || name.isBlank()) throw new IllegalArgumentException("figure name must not be empty");
        Path file = file(notebook);
        JsonObject json = readJson(file);
        Map<String, Double> figures = new TreeMap<>(figuresOf(json, file));
        figures.put(name, value);
        json.addProperty("mode", Config.quick() ? "quick" : "full");
        JsonObject values = new JsonObject();
        figures.forEach(values::addProperty);
        json.add("figures", values);
        write(file, json);
        return value;
    }

    /**
     * Records that the notebook being executed read {@code path} as {@code kind} ("data" or "model"), so that the
     * executed notebook can say which data and weights its outputs come from. The notebook is named by the
     * environment variable {@code FASTAI_NOTEBOOK}, which {@code kernel/run_notebook.py} sets; elsewhere (a learner
     * at a notebook, a unit test) this does nothing. Loaders call it; notebooks never need to.
     */
    public static synchronized void used(String kind, Path path) {
        String notebook = System.getenv("FASTAI_NOTEBOOK");
        if (notebook == null || !notebook.matches(NAME) || path == null) return;
        Path file = file(notebook);
        JsonObject json = readJson(file);
        JsonObject used = json.has("used") ? json.getAsJsonObject("used") : new JsonObject();
        JsonArray list = used.has(kind) ? used.getAsJsonArray(kind) : new JsonArray();
        String entry = describe(path);
        for (var e : list) if (e.getAsString().equals(entry)) return;
        list.add(entry);
        used.add(kind, list);
        json.add("used", used);
        write(file, json);
    }

    /** What {@code notebook}'s run recorded as used, by kind ("data", "model"); empty when nothing was. */
    public static Map<String, List<String>> usedBy(String notebook) {
        JsonObject json = readJson(file(notebook));
        Map<String, List<String>> out = new TreeMap<>();
        if (json.has("used")) json.getAsJsonObject("used").entrySet().forEach(e -> {
            List<String> l = new ArrayList<>();
            e.getValue().getAsJsonArray().forEach(v -> l.add(v.getAsString()));
            out.put(e.getKey(), l);
        });
        return out;
    }

    /** A path relative to the project (or data) folder, with the size of a file: enough to tell two models apart. */
    private static String describe(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path shown = abs;
        for (Path root : List.of(Config.dataDir().toAbsolutePath().normalize(), Config.home().toAbsolutePath().normalize())) {
            if (abs.startsWith(root)) { shown = Path.of(root.getFileName().toString()).resolve(root.relativize(abs)); break; }
        }
        try {
            return Files.isRegularFile(abs) ? shown + " (" + Files.size(abs) + " bytes)" : shown.toString();
        } catch (IOException e) {
            return shown.toString();
        }
    }

    private static void checkNotebook(String notebook) {
        if (notebook == null || !notebook.matches(NAME)) throw new IllegalArgumentException("notebook name must be letters, digits, '_', '.', '-': " + notebook);
    }

    private static void write(Path file, JsonObject json) {
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, GSON.toJson(json) + "\n", StandardCharsets.UTF_8));
    }

    /** Where {@code notebook}'s figures are recorded. */
    public static Path file(String notebook) {
        return Config.resultsDir().resolve("figures").resolve(notebook + ".json");
    }

    /** The figures recorded in {@code file} (empty when there is none yet). */
    public static Map<String, Double> read(Path file) {
        return figuresOf(readJson(file), file);
    }

    private static Map<String, Double> figuresOf(JsonObject json, Path file) {
        Map<String, Double> out = new TreeMap<>();
        try {
            if (json.has("figures")) json.getAsJsonObject("figures").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsDouble()));
        } catch (IllegalStateException | ClassCastException | NumberFormatException e) {
            throw new IllegalStateException("the figures file " + file + " is not the JSON Figures.record writes: " + e.getMessage(), e);
        }
        return out;
    }

    private static JsonObject readJson(Path file) {
        if (!Files.isRegularFile(file)) return new JsonObject();
        try {
            JsonObject json = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            return json == null ? new JsonObject() : json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the figures file " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | ClassCastException e) {
            throw new IllegalStateException("the figures file " + file + " is not the JSON Figures.record writes: " + e.getMessage(), e);
        }
    }
}
