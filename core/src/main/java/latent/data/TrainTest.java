package latent.data;

/**
 * The two standard parts of a benchmark dataset: the examples to train on and the held-out
 * test examples the papers report numbers on (for MNIST, 60,000 and 10,000).
 */
public record TrainTest(Dataset train, Dataset test) {}
