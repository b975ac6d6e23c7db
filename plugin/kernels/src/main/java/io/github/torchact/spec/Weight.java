package io.github.torchact.spec;

/**
 * A learnable tensor of an activation (PReLU's slopes, Flexible ReLU's bias): one value shared by all
 * channels, or one per channel on axis 1, as PyTorch's PReLU {@code num_parameters}.
 *
 * @param name PyTorch's name for it ({@code weight}, {@code bias})
 * @param init the constant the block initialises it with
 */
public record Weight(String name, double init) {}
