package fastai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
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

    private Figures() { }

    /** Records {@code value} as {@code name} of {@code notebook} (replacing an earlier value) and returns it. */
    public static synchronized double record(String notebook, String name, double value) {
        if (notebook == null || !notebook.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("notebook name must be letters, digits, '_', '.', '-': " + notebook);
        if (name == null || name.isBlank()) throw new IllegalArgumentException("figure name must not be empty");
        Path file = file(notebook);
        Map<String, Double> figures = new TreeMap<>(read(file));
        figures.put(name, value);
        JsonObject json = new JsonObject();
        json.addProperty("mode", Config.quick() ? "quick" : "full");
        JsonObject values = new JsonObject();
        figures.forEach(values::addProperty);
        json.add("figures", values);
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, GSON.toJson(json) + "\n", StandardCharsets.UTF_8));
        return value;
    }

    /** Where {@code notebook}'s figures are recorded. */
    public static Path file(String notebook) {
        return Config.resultsDir().resolve("figures").resolve(notebook + ".json");
    }

    /** The figures recorded in {@code file} (empty when there is none yet). */
    public static Map<String, Double> read(Path file) {
        if (!Files.isRegularFile(file)) return Map.of();
        try {
            JsonObject json = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            Map<String, Double> out = new TreeMap<>();
            if (json != null && json.has("figures")) json.getAsJsonObject("figures").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsDouble()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the figures file " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new IllegalStateException("the figures file " + file + " is not the JSON Figures.record writes: " + e.getMessage(), e);
        }
    }
}
