package io.github.torchact.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;

/** JMH's JSON of a run's results: the {@code results.json} that the report classes read. */
final class ResultsJson {

    private ResultsJson() {}

    static String of(Collection<RunResult> results) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(raw, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        return raw.toString(StandardCharsets.UTF_8);
    }

    /** Writes {@code dir/results.json}; returns its path. */
    static Path write(Path dir, Collection<RunResult> results) throws IOException {
        Path json = dir.resolve("results.json");
        Files.writeString(json, of(results));
        return json;
    }
}
