"""Naive Bayes three ways: Gaussian on wine, multinomial on a tiny text corpus,
Bernoulli and multinomial on digit images.

Prints each model's probabilities beside scikit-learn's GaussianNB,
MultinomialNB and BernoulliNB (when installed), shows that streaming the data
in batches with partial_fit gives the model one fit gives, and draws the
Gaussian class densities with their decision regions, the words that decide
each topic, and what the digit models learned about every pixel.
"""

import re

import numpy as np

from scratchlearn.classification.naive_bayes.model import (
    BernoulliNaiveBayes,
    GaussianNaiveBayes,
    MultinomialNaiveBayes,
)
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import train_test_split
from scratchlearn.datasets import load_digits, load_wine

# --- settings ---------------------------------------------------------------
FEATURES = ("alcohol", "flavanoids")   # two wine features to draw the Gaussian model in
ALPHA = 1.0                             # Laplace smoothing for the text model (eq. 9)
BINARIZE = 4.0                          # a digit pixel is "on" above 4 of 16 (eq. 10)
N_BATCHES = 6                           # partial_fit batches for the streaming check
TOP_WORDS = 6                           # most indicative words printed per topic

# A tiny corpus: three topics, a few sentences each (the bag of words is built below).
CORPUS = {
    "cooking": [
        "stir the onions in a hot pan with butter and garlic",
        "bake the bread in a hot oven until the crust is golden",
        "whisk the eggs with sugar then fold in the flour",
        "season the soup with salt pepper and fresh herbs",
        "simmer the tomato sauce and add garlic and basil",
        "the recipe needs flour butter sugar and two eggs",
    ],
    "football": [
        "the striker scored a goal in the final minute of the match",
        "the keeper saved a penalty and the team won the match",
        "the coach picked a young striker for the cup final",
        "fans sang as the team scored a second goal",
        "the referee showed a red card and the team played with ten",
        "a late goal won the cup for the home team",
    ],
    "space": [
        "the rocket launched a satellite into orbit around the earth",
        "astronauts on the station watched the earth from orbit",
        "the telescope found a planet orbiting a distant star",
        "the probe landed on the moon and sent images home",
        "a new rocket engine will carry astronauts to the moon",
        "the star exploded and the telescope captured the light",
    ],
}
QUERIES = [
    "add salt and garlic to the hot pan",
    "the team needs a goal to win the final",
    "a rocket will carry the telescope into orbit",
    "the team ate bread and soup after the match",
]
# -----------------------------------------------------------------------------


def run(out_dir):
    """Gaussian, multinomial and Bernoulli naive Bayes, checked against scikit-learn."""
    # %% Gaussian naive Bayes on wine, compared with scikit-learn
    try:
        from sklearn import naive_bayes as sk
    except ImportError:
        sk = None
        print("scikit-learn is not installed: skipping the comparisons with sklearn.naive_bayes.")

    gaussian, X2, y2, wine = _gaussian_on_wine(sk)
    # %% Multinomial naive Bayes on short texts
    text_model, vocabulary = _text(sk)
    # %% Bernoulli and multinomial naive Bayes on digits
    bernoulli, multinomial = _digits(sk)

    # %% Draw the class Gaussians, the telling words, and the digit templates
    plt = pyplot()
    if plt is None:
        return gaussian
    _draw_gaussian(plt, gaussian, X2, y2, wine, out_dir)
    _draw_words(plt, text_model, vocabulary, out_dir)
    _draw_digits(plt, bernoulli, multinomial, out_dir)
    return gaussian


# ---------------------------------------------------------------------------
# Gaussian naive Bayes on wine
# ---------------------------------------------------------------------------

def _gaussian_on_wine(sk):
    wine = load_wine()
    X, y = wine.data, wine.target
    columns = [wine.feature_names.index(name) for name in FEATURES]
    X2 = X[:, columns]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0,
                                                        stratify=y)
    print("== Gaussian naive Bayes on wine ==")
    full = GaussianNaiveBayes().fit(X_train, y_train)
    print(f"all 13 features: held-out accuracy {full.score(X_test, y_test):.3f}")
    gaussian = GaussianNaiveBayes().fit(X2, y)
    print(f"{FEATURES[0]} and {FEATURES[1]} only: training accuracy {gaussian.score(X2, y):.3f}")
    if sk is not None:
        reference = sk.GaussianNB().fit(X_train, y_train)
        compare("P(class | x), first 2 test wines, all features",
                full.predict_proba(X_test[:2]), reference.predict_proba(X_test[:2]),
                rtol=1e-8, reference_name="scikit-learn")
        compare(f"P(class | x), all {len(y_test)} test wines", full.predict_proba(X_test),
                reference.predict_proba(X_test), rtol=1e-8, reference_name="scikit-learn")

    # Streaming: N_BATCHES calls of partial_fit against one fit (eq. 7).
    online = GaussianNaiveBayes(var_smoothing=0.0)
    for i, rows in enumerate(np.array_split(np.arange(len(y_train)), N_BATCHES)):
        online.partial_fit(X_train[rows], y_train[rows], classes=[0, 1, 2] if i == 0 else None)
    batch = GaussianNaiveBayes(var_smoothing=0.0).fit(X_train, y_train)
    compare(f"class means θ for class 0, {N_BATCHES} partial_fit batches",
            online.theta_[0, :4], batch.theta_[0, :4], rtol=1e-12, reference_name="one fit")
    compare("class variances σ² for class 0", online.var_[0, :4], batch.var_[0, :4],
            rtol=1e-10, reference_name="one fit")
    return gaussian, X2, y, wine


def _draw_gaussian(plt, model, X, y, wine, out_dir):
    names = wine.target_names
    colors = ["C0", "C1", "C2"]
    pad = 0.08 * (X.max(axis=0) - X.min(axis=0))
    g0 = np.linspace(X[:, 0].min() - pad[0], X[:, 0].max() + pad[0], 300)
    g1 = np.linspace(X[:, 1].min() - pad[1], X[:, 1].max() + pad[1], 300)
    G0, G1 = np.meshgrid(g0, g1)
    grid = np.column_stack([G0.ravel(), G1.ravel()])
    joint = model.predict_joint_log_proba(grid)                 # J_k on the grid (eq. 3)
    proba = model.predict_proba(grid)

    fig, axes = plt.subplots(1, 2, figsize=(14, 5.6))
    ax = axes[0]
    for k in range(3):
        density = np.exp(joint[:, k]).reshape(G0.shape)          # π_k p(x | k)
        ax.contour(G0, G1, density, levels=4, colors=colors[k], linewidths=1.2)
        ax.scatter(*X[y == k].T, s=14, color=colors[k], label=names[k], alpha=0.8)
        # The full-covariance Gaussian of the class, for comparison (2σ ellipse).
        ellipse = _ellipse(X[y == k].mean(axis=0), np.cov(X[y == k].T, bias=True))
        ax.plot(*ellipse, ls="--", color=colors[k], lw=1)
    ax.set(xlabel=FEATURES[0], ylabel=FEATURES[1],
           title="solid: π_k p(x | k), a product of 1-D Gaussians (eqs. 2, 5), axis-aligned\n"
                 "dashed: the class's real covariance (2σ), whose tilt naive Bayes ignores")
    ax.legend(loc="upper left")

    ax = axes[1]
    winner = proba.argmax(axis=1).reshape(G0.shape)
    confidence = proba.max(axis=1).reshape(G0.shape)
    from matplotlib.colors import ListedColormap
    ax.contourf(G0, G1, winner, levels=[-0.5, 0.5, 1.5, 2.5],
                cmap=ListedColormap(["#c6dbef", "#fdd0a2", "#c7e9c0"]))
    lines = ax.contour(G0, G1, confidence, levels=[0.6, 0.9, 0.99], colors="k",
                       linewidths=0.7, alpha=0.6)
    ax.clabel(lines, fmt="P=%.2f", fontsize=7)
    for k in range(3):
        ax.scatter(*X[y == k].T, s=14, color=colors[k], edgecolor="k", lw=0.3,
                   label=names[k])
    ax.set(xlabel=FEATURES[0], ylabel=FEATURES[1],
           title="Decision regions argmax_k P(k | x) (eq. 1): curved (quadratic) edges;\n"
                 "black lines: contours of the winning class's posterior")
    ax.legend(loc="upper left")
    fig.tight_layout()
    save_figure(fig, out_dir, "naive_bayes_gaussian.png")


def _ellipse(mean, cov, n_std=2.0):
    angles = np.linspace(0, 2 * np.pi, 100)
    values, vectors = np.linalg.eigh(cov)
    circle = np.vstack([np.cos(angles), np.sin(angles)])
    return mean[:, None] + vectors @ (n_std * np.sqrt(values)[:, None] * circle)


# ---------------------------------------------------------------------------
# Multinomial naive Bayes on a tiny text corpus
# ---------------------------------------------------------------------------

def _tokens(sentence):
    return re.findall(r"[a-z]+", sentence.lower())


def _bag_of_words(sentences, vocabulary):
    """Word counts: X[i, j] = how often word j occurs in sentence i."""
    index = {word: j for j, word in enumerate(vocabulary)}
    X = np.zeros((len(sentences), len(vocabulary)))
    for i, sentence in enumerate(sentences):
        for word in _tokens(sentence):
            if word in index:                   # a word never seen in training is dropped
                X[i, index[word]] += 1
    return X


def _text(sk):
    print("\n== Multinomial naive Bayes on a bag of words ==")
    sentences = [s for topic in CORPUS for s in CORPUS[topic]]
    labels = np.array([topic for topic in CORPUS for _ in CORPUS[topic]])
    vocabulary = sorted({word for s in sentences for word in _tokens(s)})
    X = _bag_of_words(sentences, vocabulary)
    print(f"{len(sentences)} sentences, {len(vocabulary)} distinct words")

    model = MultinomialNaiveBayes(alpha=ALPHA).fit(X, labels)
    X_query = _bag_of_words(QUERIES, vocabulary)
    proba = model.predict_proba(X_query)
    for sentence, p, label in zip(QUERIES, proba, model.predict(X_query), strict=True):
        shares = ", ".join(f"{c} {q:.3f}" for c, q in zip(model.classes_, p, strict=True))
        print(f"  {sentence!r:48} → {label:8} ({shares})")
    # How much likelier word j is in topic k than on average over the topics.
    lift = model.feature_log_prob_ - model.feature_log_prob_.mean(axis=0)
    for k, topic in enumerate(model.classes_):
        top = np.argsort(-lift[k], kind="stable")[:TOP_WORDS]
        print(f"  most {topic} words: {', '.join(vocabulary[j] for j in top)}")
    if sk is not None:
        reference = sk.MultinomialNB(alpha=ALPHA).fit(X, labels)
        compare("P(topic | sentence), all queries", proba, reference.predict_proba(X_query),
                rtol=1e-8, reference_name="scikit-learn")
    return model, vocabulary


def _draw_words(plt, model, vocabulary, out_dir):
    query = QUERIES[-1]
    words = [w for w in _tokens(query) if w in vocabulary]
    # Posterior after reading the first t words: each word j adds log θ_kj to J_k
    # (eq. 8), and eq. 4 turns the running sums into probabilities.
    X_prefix = np.cumsum(_bag_of_words(words, vocabulary), axis=0)          # (t, d)
    steps = np.vstack([np.exp(model.class_log_prior_), model.predict_proba(X_prefix)])
    fig, axes = plt.subplots(1, 2, figsize=(14, 4.4), gridspec_kw={"width_ratios": [1.3, 1]})
    ax = axes[0]
    for k, topic in enumerate(model.classes_):
        ax.plot(range(len(steps)), steps[:, k], "o-", color=f"C{k}", label=topic)
    ax.set_xticks(range(len(steps)), ["(prior)", *words], rotation=30)
    dropped = [w for w in _tokens(query) if w not in vocabulary]
    ax.set_xlabel(f"words known to the model (never seen in training, so dropped: "
                  f"{', '.join(dropped) or 'none'})")
    ax.set(ylim=(0, 1), ylabel="P(topic | words so far)",
           title=f"Reading {query!r} word by word:\neach word multiplies in θ_kj (adds log θ_kj)")
    ax.legend()

    ax = axes[1]
    proba = model.predict_proba(_bag_of_words(QUERIES, vocabulary))
    left = np.zeros(len(QUERIES))
    for k, topic in enumerate(model.classes_):
        ax.barh(range(len(QUERIES)), proba[:, k], left=left, color=f"C{k}", label=topic)
        left += proba[:, k]
    ax.set_yticks(range(len(QUERIES)), [q if len(q) < 36 else q[:34] + "…" for q in QUERIES])
    ax.invert_yaxis()
    ax.set(xlim=(0, 1), xlabel="P(topic | sentence) (eq. 4)",
           title=f"New sentences, multinomial model with α = {ALPHA:g}")
    fig.tight_layout()
    save_figure(fig, out_dir, "naive_bayes_text.png")


# ---------------------------------------------------------------------------
# Digits: Bernoulli (pixel on/off) and multinomial (pixel counts)
# ---------------------------------------------------------------------------

def _digits(sk):
    print("\n== Digits: Bernoulli (pixels on/off) and multinomial (pixel counts) ==")
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0,
                                                        stratify=y)
    bernoulli = BernoulliNaiveBayes(binarize=BINARIZE).fit(X_train, y_train)
    multinomial = MultinomialNaiveBayes().fit(X_train, y_train)
    gaussian = GaussianNaiveBayes().fit(X_train, y_train)
    for name, model in (("Bernoulli", bernoulli), ("multinomial", multinomial),
                        ("Gaussian", gaussian)):
        print(f"{name:12} held-out accuracy {model.score(X_test, y_test):.3f}")
    if sk is not None:
        pairs = ((bernoulli, sk.BernoulliNB(binarize=BINARIZE)), (multinomial, sk.MultinomialNB()))
        for ours, reference in pairs:
            reference.fit(X_train, y_train)
            difference = np.abs(ours.predict_proba(X_test)
                                - reference.predict_proba(X_test)).max()
            verdict = "agree" if difference <= 1e-8 else "DIFFER"
            print(f"{type(ours).__name__} vs scikit-learn: largest probability difference "
                  f"{difference:.1e} (tolerance 1e-8): {verdict}")
    return bernoulli, multinomial


def _draw_digits(plt, bernoulli, multinomial, out_dir):
    fig, axes = plt.subplots(2, 10, figsize=(14, 3.4))
    p_on = np.exp(bernoulli.feature_log_prob_)                   # p_kj, eq. 11
    theta = np.exp(multinomial.feature_log_prob_)                # θ_kj, eq. 9
    for k in range(10):
        axes[0, k].imshow(p_on[k].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        axes[1, k].imshow(theta[k].reshape(8, 8), cmap="gray_r", vmin=0)
        axes[0, k].set_title(str(bernoulli.classes_[k]))
        for ax in axes[:, k]:
            ax.set(xticks=[], yticks=[])
    axes[0, 0].set_ylabel("Bernoulli\nP(pixel on | k)", fontsize=9)
    axes[1, 0].set_ylabel("multinomial\nθ_kj (share of ink)", fontsize=9)
    fig.suptitle("What naive Bayes learns about digits: one number per pixel and class, "
                 "nothing about how pixels co-occur")
    fig.tight_layout()
    save_figure(fig, out_dir, "naive_bayes_digits.png")


if __name__ == "__main__":
    run_as_script(run)
