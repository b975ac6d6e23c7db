package io.github.torchact.parity.docs;

import java.util.function.Supplier;

/**
 * A committed file, or a marked section of one, that is generated from the code (the catalog, the
 * converter registry, the exporter): {@link DerivedFiles} rewrites it, a test fails while it is stale.
 *
 * @param path the file, relative to the repository root
 * @param begin the line opening the generated section, or {@code null} for the whole file
 * @param end the line closing it, or {@code null} for the whole file
 * @param generator the generated text (between the markers, or the whole file)
 */
public record DerivedFile(String path, String begin, String end, Supplier<String> generator) {

    /** A whole generated file. */
    public static DerivedFile whole(String path, Supplier<String> generator) {
        return new DerivedFile(path, null, null, generator);
    }

    /** The section between the lines {@code begin} and {@code end} of {@code path}. */
    public static DerivedFile section(String path, String begin, String end, Supplier<String> generator) {
        return new DerivedFile(path, begin, end, generator);
    }

    /**
     * {@code current} (this file's committed text) with the generated part replaced.
     *
     * @throws IllegalArgumentException if the file lacks the markers
     */
    public String regenerate(String current) {
        if (begin == null) {
            return generator.get();
        }
        int b = current.indexOf(begin);
        int e = current.indexOf(end, b < 0 ? 0 : b);
        if (b < 0 || e < 0) {
            throw new IllegalArgumentException(path + " lacks the markers of its generated section: " + begin + " ... " + end);
        }
        String body = generator.get();
        return current.substring(0, b + begin.length()) + "\n" + body + (body.endsWith("\n") ? "" : "\n")
                + current.substring(e);
    }

    /** The path, and the section's opening marker if it is one. */
    @Override
    public String toString() {
        return begin == null ? path : path + " " + begin;
    }
}
