package fastai.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import fastai.io.DataException;
import fastai.models.ImageNetClasses;

/**
 * The 1000 ImageNet (ILSVRC-2012) class names in the index order of Keras' ImageNet models (the
 * order VGG16 and ResNet50 predict in): 0 = "tench, Tinca tinca", ..., 999 = "toilet tissue, ...".
 *
 * <p>Made from {@code dist/imagenet_classes.js} in the npm package {@value #NPM_SPEC}, a JavaScript
 * object literal {@code {0: 'tench, Tinca tinca', 1: ..., 2: 'great white shark, ...' + 'Carcharodon
 * carcharias', ...}}, into {@code data/imagenet_classes.txt}: one name a line, line i+1 = class i.
 * {@link ImageNetClasses} reads that file.
 */
public final class MakeImageNetClasses {
    public static final String NPM_SPEC = "@tensorflow-models/mobilenet@2.1.1";
    public static final String NPM_TGZ = "tensorflow-models-mobilenet-2.1.1.tgz";
    public static final String JS_PATH = "dist/imagenet_classes.js";

    static final String FETCH_HINT = "run `datasets/setup.sh`, or `npm pack " + NPM_SPEC + "` in data/downloads/";

    private MakeImageNetClasses() { }

    /**
     * Writes {@code target} (data/imagenet_classes.txt) from the npm package (its {@code .tgz}, an
     * unpacked folder, or the {@code .js} file itself) unless it is already there.
     *
     * @return true when written, false when it was already there
     */
    public static boolean make(Path source, Path target) {
        if (Files.isRegularFile(target)) {
            Progress.out().println("imagenet classes: already there, " + target);
            return false;
        }
        if (!Files.exists(source)) {
            throw new DataException("ImageNet class names: npm package not found at " + source + ": " + FETCH_HINT);
        }
        String js;
        String sourceName;
        if (Files.isRegularFile(source) && source.getFileName().toString().endsWith(".js")) {
            try {
                js = Files.readString(source, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DataException("cannot read " + source + ": " + e, e);
            }
            sourceName = source.toString();
        } else {
            String[] found = new String[1];
            NpmPackage.read(source, FETCH_HINT, JS_PATH::equals,
                    (rel, in) -> found[0] = new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (found[0] == null) {
                throw new DataException("npm package " + source + " has no " + JS_PATH + ": is it " + NPM_SPEC + "?");
            }
            js = found[0];
            sourceName = source + "!" + JS_PATH;
        }
        List<String> names = parseJs(js, sourceName);
        if (names.size() != ImageNetClasses.COUNT) {
            throw new DataException(sourceName + " lists " + names.size() + " classes, expected " + ImageNetClasses.COUNT);
        }
        AtomicFolder.writeFile(target, (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
        Progress.out().println("imagenet classes: wrote " + ImageNetClasses.COUNT + " names to " + target);
        return true;
    }

    /**
     * Parses the object literal that follows {@code IMAGENET_CLASSES} ({@code = {key: 'name', ...}})
     * into a list in key order. Keys must be 0..n-1, each once; a value may be several string
     * literals joined with {@code +}; quotes may be single or double, with JavaScript escapes.
     */
    public static List<String> parseJs(String js, String sourceName) {
        return new Parser(js, sourceName).parse();
    }

    private static final class Parser {
        final String s;
        final String src;
        int i;

        Parser(String s, String src) {
            this.s = s;
            this.src = src;
        }

        List<String> parse() {
            int at = s.indexOf("IMAGENET_CLASSES");
            while (at >= 0) {
                int eq = skip(at + "IMAGENET_CLASSES".length());
                if (eq < s.length() && s.charAt(eq) == '=') {
                    i = skip(eq + 1);
                    if (i < s.length() && s.charAt(i) == '{') break;
                }
                at = s.indexOf("IMAGENET_CLASSES", at + 1);
            }
            if (at < 0) throw error("no `IMAGENET_CLASSES = {` object found");
            i++; // past '{'
            List<String[]> entries = new ArrayList<>();
            while (true) {
                i = skip(i);
                if (i >= s.length()) throw error("the object is not closed");
                if (s.charAt(i) == '}') break;
                String key = key();
                i = skip(i);
                expect(':');
                i = skip(i);
                StringBuilder value = new StringBuilder(string());
                while (true) {
                    i = skip(i);
                    if (i < s.length() && s.charAt(i) == '+') {
                        i = skip(i + 1);
                        value.append(string());
                    } else {
                        break;
                    }
                }
                entries.add(new String[] {key, value.toString()});
                i = skip(i);
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else if (i >= s.length() || s.charAt(i) != '}') {
                    throw error("expected ',' or '}' after class " + key);
                }
            }
            String[] out = new String[entries.size()];
            for (String[] e : entries) {
                int k;
                try {
                    k = Integer.parseInt(e[0]);
                } catch (NumberFormatException ex) {
                    throw error("key '" + e[0] + "' is not a class index");
                }
                if (k < 0 || k >= out.length) {
                    throw error("class index " + k + " is out of range 0.." + (out.length - 1) + " (a gap in the indices?)");
                }
                if (out[k] != null) throw error("class index " + k + " appears twice");
                out[k] = e[1];
            }
            for (String n : out) if (n.isBlank()) throw error("an empty class name");
            return List.copyOf(Arrays.asList(out));
        }

        String key() {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') return string();
            int st = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
            if (st == i) throw error("expected a class index, found '" + c + "'");
            return s.substring(st, i);
        }

        String string() {
            if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) throw error("expected a quoted string");
            char q = s.charAt(i++);
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw error("a string is not closed");
                char c = s.charAt(i++);
                if (c == q) return b.toString();
                if (c == '\n') {
                    i--;
                    throw error("a line break inside a string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) throw error("a string is not closed");
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'v' -> b.append('\u000b');
                    case '0' -> b.append('\0');
                    case 'x' -> b.append((char) hex(2));
                    case 'u' -> b.append((char) hex(4));
                    case '\n' -> { } // line continuation
                    default -> b.append(e); // \' \" \\ and any other escaped character
                }
            }
        }

        int hex(int n) {
            if (i + n > s.length()) throw error("a bad escape");
            try {
                int v = Integer.parseInt(s.substring(i, i + n), 16);
                i += n;
                return v;
            } catch (NumberFormatException e) {
                throw error("a bad escape");
            }
        }

        void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) throw error("expected '" + c + "'");
            i++;
        }

        /** Skips white space and comments from {@code p}; returns the next position. */
        int skip(int p) {
            while (p < s.length()) {
                char c = s.charAt(p);
                if (Character.isWhitespace(c)) {
                    p++;
                } else if (s.startsWith("//", p)) {
                    int e = s.indexOf('\n', p);
                    p = e < 0 ? s.length() : e + 1;
                } else if (s.startsWith("/*", p)) {
                    int e = s.indexOf("*/", p + 2);
                    p = e < 0 ? s.length() : e + 2;
                } else {
                    break;
                }
            }
            return p;
        }

        DataException error(String what) {
            int line = 1;
            for (int k = 0; k < Math.min(i, s.length()); k++) if (s.charAt(k) == '\n') line++;
            return new DataException("cannot parse the ImageNet classes in " + src + " (line " + line + "): " + what);
        }
    }
}
