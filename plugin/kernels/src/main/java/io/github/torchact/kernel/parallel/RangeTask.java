package io.github.torchact.kernel.parallel;

/** Work over the index range [from, to) of one array operation. */
@FunctionalInterface
public interface RangeTask {

    /** Runs the task over the indices [{@code from}, {@code to}). */
    void run(int from, int to);
}
