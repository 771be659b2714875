"""Builds eval/banks/ANSWER_KEY.json from hand-written lists.

Every question text below was typed by hand while reading the bank file as a
human would: numbering, labels (Q1:, Q:, Question:, Ans:), bold/code markup,
emoji difficulty markers and trailing [[src](...)] links are dropped.
"""
import json, os

A, U = "answered", "unanswered"
S = " › "
E, M, H = "easy", "medium", "hard"

def p(*parts):
    return S.join(parts)

FILES = {}

# 1 -------------------------------------------------------------------------
ML, DL, ST = "Machine Learning", "Deep Learning", "Statistics"
FILES["headings_numbered.md"] = dict(title=None, items=[
    ("What is the bias-variance trade-off?", A, p(ML, "Fundamentals")),
    ("What is the difference between a parameter and a hyperparameter?", A, p(ML, "Fundamentals")),
    ("Why do we split data into training, validation and test sets?", A, p(ML, "Fundamentals")),
    ("How does L2 regularization change the loss function?", A, p(ML, "Regularization")),
    ("What is dropout?", A, p(ML, "Regularization", "Neural network regularizers")),
    ("What is early stopping?", A, p(ML, "Regularization", "Neural network regularizers")),
    ("Why does batch normalization allow higher learning rates?", U, p(ML, "Regularization", "Neural network regularizers")),
    ("How do you compute the sigmoid function in NumPy without overflow?", A, p(DL, "Activations")),
    ("What is the dying ReLU problem?", A, p(DL, "Activations")),
    ("What is a p-value?", A, p(ST, "Hypothesis Testing")),
    ("What is the difference between Type I and Type II errors?", A, p(ST, "Hypothesis Testing")),
    ("When would you use a t-test instead of a z-test?", A, p(ST, "Hypothesis Testing")),
    ("What does the central limit theorem state?", A, p(ST, "Probability")),
    ("What is the difference between independence and zero correlation?", A, p(ST, "Probability")),
])

# 2 -------------------------------------------------------------------------
T = "Data Engineering Interview Questions"
FILES["headings_closing_hashes.md"] = dict(title=T, items=[
    ("What is the difference between ETL and ELT?", A, p(T, "Data Pipelines")),
    ("What does it mean for a pipeline step to be idempotent?", A, p(T, "Data Pipelines")),
    ("What is a Type 2 slowly changing dimension?", A, p(T, "Data Pipelines")),
    ("What is a backfill?", A, p(T, "Data Pipelines")),
    ("Why is Parquet usually faster than CSV for analytical queries?", A, p(T, "Storage and File Formats")),
    ("What is partitioning in a data lake and how can it go wrong?", A, p(T, "Storage and File Formats")),
    ("What is the difference between a star schema and a snowflake schema?", A, p(T, "Storage and File Formats")),
    ("What causes data skew in Spark and how do you mitigate it?", A, p(T, "Distributed Processing")),
    ("What is the difference between a narrow and a wide transformation in Spark?", A, p(T, "Distributed Processing")),
    ("What is a broadcast join?", A, p(T, "Distributed Processing")),
    ("What is the difference between event time and processing time?", A, p(T, "Streaming")),
    ("What delivery guarantees can a message broker like Kafka provide?", A, p(T, "Streaming")),
    ("What is a watermark in stream processing?", A, p(T, "Streaming")),
])

# 3 -------------------------------------------------------------------------
T = "Data Science Interview Questions"
SL, EV, UL, D = p(T, "Supervised learning"), p(T, "Model evaluation"), p(T, "Unsupervised learning"), p(T, "Deep learning")
FILES["bold_questions.md"] = dict(title=T, items=[
    ("What is logistic regression?", A, SL, E),
    ("How does a decision tree choose where to split?", A, SL, M),
    ("What is the difference between bagging and boosting?", A, SL, M),
    ("Explain gradient boosting", A, SL, H),
    ("What is the kernel trick?", U, SL, H),
    ("What is cross-validation?", A, EV, E),
    ("Why is accuracy a bad metric for imbalanced data?", A, EV, E),
    ("What does ROC AUC measure?", A, EV, M),
    ("How do you choose k in k-fold cross-validation?", U, EV, M),
    ("Explain nested cross-validation", A, EV, H),
    ("What is k-means clustering?", A, UL, E),
    ("How do you choose the number of clusters in k-means?", A, UL, M),
    ("What does PCA do?", A, UL, M),
    ("Explain t-SNE", U, UL, H),
    ("What is the difference between hard and soft clustering?", U, UL, M),
    ("What is the vanishing gradient problem?", A, D, M),
    ("Explain the attention mechanism", A, D, H),
])

# 4 -------------------------------------------------------------------------
T = "Deep Learning Interview Questions"
FILES["list_items.md"] = dict(title=T, items=[(q, A, T) for q in [
    "What is a perceptron?",
    "What is backpropagation?",
    "Why do neural networks need non-linear activation functions?",
    "How do ReLU, sigmoid and tanh compare?",
    "What is the difference between an epoch, a batch and an iteration?",
    "Why does weight initialization matter?",
    "What is a learning rate schedule?",
    "What is the receptive field of a convolutional layer?",
    "What does a pooling layer do?",
    "What is a residual connection?",
    "What does the forget gate in an LSTM do?",
    "What is teacher forcing?",
    "What is transfer learning?",
    "What is label smoothing?",
]])

# 5 -------------------------------------------------------------------------
T = "Statistics and Probability Q&A"
DS, PR, IE = p(T, "Descriptive statistics"), p(T, "Probability"), p(T, "Inference and experiments")
FILES["bullets.md"] = dict(title=T, items=[
    ("What is the difference between the mean and the median?", A, DS),
    ("What does the standard deviation measure?", A, DS),
    ("Why do we divide by n - 1 in the sample variance?", A, DS),
    ("What is the interquartile range?", A, DS),
    ("What is Bayes' theorem?", A, PR),
    ("What is the difference between a probability mass function and a probability density function?", A, PR),
    ("When is the Poisson distribution a good model?", A, PR),
    ("What is the memoryless property?", A, PR),
    ("What is a confidence interval?", A, IE),
    ("How do you decide the sample size for an A/B test?", A, IE),
    ("What is the multiple comparisons problem?", A, IE),
    ("What is bootstrapping?", A, IE),
])

# 6 -------------------------------------------------------------------------
T = "NLP Interview Prep"
QF, LQ, TR = p(T, "Quick fire"), p(T, "Longer questions"), p(T, "Transformers")
FILES["qa_labels.md"] = dict(title=T, items=[
    ("What is tokenization?", A, QF),
    ("What is TF-IDF?", A, QF),
    ("What is the difference between stemming and lemmatization?", A, QF),
    ("What is perplexity?", A, QF),
    ("What are stop words?", A, QF),
    ("What are word embeddings?", A, LQ),
    ("How does the BLEU score work?", A, LQ),
    ("What is the difference between precision-oriented and recall-oriented metrics for summarization?", A, LQ),
    ("How would you handle out-of-vocabulary words?", A, LQ),
    ("What is positional encoding and why do transformers need it?", A, TR),
    ("Why is multi-head attention used instead of a single attention head?", A, TR),
    ("What is the difference between BERT and GPT?", A, TR),
    ("What is the KV cache?", A, TR),
])

# 7 -------------------------------------------------------------------------
T = "MLOps Interview Questions"
MD, MO, RE = p(T, "Model deployment"), p(T, "Monitoring"), p(T, "Reproducibility")
FILES["details.md"] = dict(title=T, items=[
    ("What is the difference between batch and online inference?", A, MD),
    ("What is a shadow deployment?", A, MD),
    ("How does a canary release differ from an A/B test?", A, MD),
    ("Why would you quantize a model before serving it?", A, MD),
    ("What is the difference between data drift and concept drift?", A, MO),
    ("How can you detect data drift in a numeric feature?", A, MO),
    ("What should you monitor for a model in production when labels arrive late?", A, MO),
    ("What is training-serving skew?", U, MO),
    ("What is a feature store?", A, RE),
    ("What do you need to version to reproduce a model?", A, RE),
])

# 8 -------------------------------------------------------------------------
T = "SQL and Data Wrangling Cheat Sheet"
SQ, PD = p(T, "SQL"), p(T, "Pandas")
FILES["table.md"] = dict(title=T, items=[
    ("What is the difference between WHERE and HAVING?", A, SQ),
    ("What is the difference between UNION and UNION ALL?", A, SQ),
    ("What does a window function do?", A, SQ),
    ("What is the difference between RANK() and DENSE_RANK()?", A, SQ),
    ("How do NULL values behave in comparisons?", A, SQ),
    ("What is a CTE?", A, SQ),
    ("Why can SELECT COUNT(col) differ from SELECT COUNT(*)?", A, SQ),
    ("What is the difference between loc and iloc?", A, PD),
    ('What does df.merge(other, how="left") return?', A, PD),
    ("How do you find duplicated rows?", A, PD),
    ("What is the difference between apply and vectorized operations?", A, PD),
    ("How do you turn a long table into a wide one?", A, PD),
    ("What does groupby(...).transform() do differently from agg()?", A, PD),
])

# 9 -------------------------------------------------------------------------
FILES["q_headings.md"] = dict(title=None, items=[(q, A, None) for q in [
    "What is linear regression?",
    "List the assumptions of linear regression.",
    "How do you detect multicollinearity?",
    "What is the closed-form solution of ordinary least squares?",
    "What is the difference between R-squared and adjusted R-squared?",
    "What loss function does logistic regression minimize?",
    "Why not use mean squared error for logistic regression?",
    "How does regularization affect the bias and variance of a linear model?",
    "What is the difference between Ridge and Lasso regression?",
    "What is heteroscedasticity and why does it matter?",
    "How do you interpret a coefficient in a log-linear model?",
]])

# 10 ------------------------------------------------------------------------
FILES["cards.csv"] = dict(title=None, items=[
    ("What is the difference between supervised and unsupervised learning?", A, "Machine Learning"),
    ("What is overfitting, and how can you detect it?", A, "Machine Learning"),
    ("How does stochastic gradient descent differ from batch gradient descent?", A, "Optimization"),
    ("What does the Adam optimizer do?", A, "Optimization"),
    ("What is the curse of dimensionality?", A, "Machine Learning"),
    ("What is a confusion matrix?", A, "Evaluation"),
    ("What is the F1 score, and when is it preferred over accuracy?", A, "Evaluation"),
    ("What is the difference between a generative and a discriminative model?", A, "Machine Learning"),
    ('Why does naive Bayes work well despite its "naive" assumption?', A, "Machine Learning"),
    ("How do you handle missing values in a dataset?", A, "Data Preparation"),
    ("Why should you scale features before training some models?", A, "Data Preparation"),
    ("What is target leakage?", A, "Data Preparation"),
    ("What is the difference between L1 and L2 loss for regression?", U, "Optimization"),
])

# 11 ------------------------------------------------------------------------
FILES["cards_noheader.tsv"] = dict(title=None, items=[(q, A, None) for q in [
    "What is a data warehouse?",
    "What is the difference between OLTP and OLAP?",
    "What is a primary key?",
    "What is database normalization?",
    "What is change data capture?",
    "What is the difference between a data lake and a lakehouse?",
    "What is a DAG in workflow orchestration?",
    "Why are small files a problem in HDFS or object storage?",
    "What is the CAP theorem?",
    "What is a surrogate key?",
    "What does schema-on-read mean?",
]])

# 12 ------------------------------------------------------------------------
FILES["cards_odd_header.csv"] = dict(title=None, items=[
    ("What is a random forest?", A, "Ensembles"),
    ("What is out-of-bag error?", A, "Ensembles"),
    ("How does XGBoost differ from plain gradient boosting?", A, "Ensembles"),
    ("What is stacking?", A, "Ensembles"),
    ("What is the difference between a Bernoulli and a binomial distribution?", A, "Probability"),
    ("What is the law of large numbers?", A, "Probability"),
    ("What is conditional probability?", A, "Probability"),
    ("What is the difference between covariance and correlation?", A, "Statistics"),
    ("What is a QQ plot used for?", A, "Statistics"),
    ("What is Simpson's paradox?", A, "Statistics"),
])

# 13 ------------------------------------------------------------------------
FILES["anki_export.txt"] = dict(title=None, items=[
    ("What is the softmax function?", A, "deep_learning"),
    ("What is the difference between cross-entropy and KL divergence?", A, "deep_learning"),
    ("What is momentum in gradient descent?", A, "optimization"),
    ("Why is a learning rate that is too high a problem?", A, "optimization"),
    ("What is gradient clipping?", A, "optimization"),
    ("What is the difference between MLE and MAP estimation?", A, "statistics"),
    ("What is a conjugate prior?", A, "statistics"),
    ("What is word2vec's negative sampling?", A, "nlp"),
    ("What does beam search do?", A, "nlp"),
    ("What is an autoencoder?", A, "deep_learning"),
])

# 14 ------------------------------------------------------------------------
FILES["bank.json"] = dict(title=None, items=[
    ("What is the difference between precision and recall?", A, "Evaluation"),
    ("What is a calibration curve?", A, "Evaluation"),
    ("How do you evaluate a time-series forecasting model without leakage?", A, "Evaluation"),
    ("What is the difference between a CNN and a fully connected network for images?", A, "Deep Learning"),
    ("What is batch normalization?", A, "Deep Learning"),
    ("What is the difference between batch normalization and layer normalization?", A, "Deep Learning"),
    ("What is a GAN?", A, "Deep Learning"),
    ("What is the reparameterization trick in VAEs?", A, "Deep Learning"),
    ("What is the exploration-exploitation trade-off?", A, "Reinforcement Learning"),
    ("What is the difference between on-policy and off-policy learning?", A, "Reinforcement Learning"),
    ("What is a Markov decision process?", A, "Reinforcement Learning"),
    ("What is the Bellman equation?", A, "Reinforcement Learning"),
    ("What is reward shaping and what can go wrong?", U, "Reinforcement Learning"),
])

# 15 ------------------------------------------------------------------------
FILES["bank.jsonl"] = dict(title=None, items=[
    ("What is a hash join?", A, "Databases"),
    ("What is an index, and what does it cost?", A, None),
    ("What is the difference between a clustered and a non-clustered index?", A, "Databases"),
    ("What are ACID properties?", A, None),
    ("What is a dead-letter queue?", A, "Streaming"),
    ("What is exactly-once processing in Spark Structured Streaming?", A, "Streaming"),
    ("What is the difference between tumbling and sliding windows?", A, None),
    ("How would you deduplicate events in a stream?", A, "Streaming"),
    ("What is data lineage?", A, None),
    ("What is a data contract?", A, "Data Quality"),
    ("Which data quality checks would you add to a daily pipeline?", A, "Data Quality"),
])

# 16 ------------------------------------------------------------------------
T = "My ML study notes"
RG, OP, EVN = p(T, "Regularization"), p(T, "Optimization"), p(T, "Evaluation")
FILES["mixed_notes.md"] = dict(title=T, items=[
    ("Why does L1 regularization produce sparse weights?", A, RG),
    ("How do you choose the regularization strength?", A, RG),
    ("What is the difference between momentum and Adam?", A, OP),
    ("Why does AdamW decouple weight decay?", A, OP),
    ("Why are saddle points a bigger problem than local minima in deep learning?", A, OP),
    ("How would you explain precision and recall to a non-technical stakeholder?", A, EVN),
    ("What is data leakage in cross-validation?", A, EVN),
    ("When should you prefer PR-AUC over ROC-AUC?", A, EVN),
])

key = {}
for fname, spec in FILES.items():
    ent = {"answered": [], "unanswered": [], "topics": {}, "difficulty": {}}
    for it in spec["items"]:
        q, status, topic = it[0], it[1], it[2]
        ent[status].append(q)
        ent["topics"][q] = topic
        if len(it) > 3:
            ent["difficulty"][q] = it[3]
    ent["title"] = spec["title"]
    key[fname] = ent

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "banks", "ANSWER_KEY.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(key, f, indent=2, ensure_ascii=False)
    f.write("\n")
print("wrote", os.path.normpath(out))
