package io.github.torchact.parity.row;

/** Forward values or the input gradient gy·f'(x). */
public enum Direction {
    FORWARD("fwd"),
    BACKWARD("bwd");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
