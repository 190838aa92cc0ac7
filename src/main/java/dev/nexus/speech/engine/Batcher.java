package dev.nexus.speech.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Gathers the work of concurrent callers on one shared model into batches: a caller hands in one item and blocks
 * until its result is there. The first caller to find no batch being gathered gathers one: it waits until
 * {@code maxBatch} items are queued or {@code maxWait} has passed since it began, takes up to {@code maxBatch} items
 * in arrival order, and runs them in one call on its own thread while the next caller may gather the next batch.
 * No thread of its own: the callers (the capability's worker threads) do the work, so a batch is at most as large as
 * the number of callers waiting at once.
 *
 * @param <I> one caller's input
 * @param <O> its result
 */
public final class Batcher<I, O> {
  private final int maxBatch;
  private final long maxWaitNanos;
  private final Function<List<I>, List<O>> run;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Deque<Item<I, O>> queue = new ArrayDeque<>();
  private boolean gathering;
  private long batches;
  private long items;

  /**
   * @param policy the largest batch and the longest wait for one
   * @param run the model call for a batch: one result per input, in the same order
   */
  public Batcher(BatchPolicy policy, Function<List<I>, List<O>> run) {
    if (!policy.on()) {
      throw new IllegalArgumentException("a batcher needs max-batch of 2 or more");
    }
    this.maxBatch = policy.maxBatch();
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(policy.maxWaitMs());
    this.run = run;
  }

  private static final class Item<I, O> {
    final I input;
    O result;
    RuntimeException failure;
    boolean done;

    Item(I input) {
      this.input = input;
    }
  }

  /** The result for {@code input}, computed in a batch with whatever other callers hand in meanwhile. */
  public O call(I input) {
    Item<I, O> mine = new Item<>(input);
    lock.lock();
    try {
      queue.add(mine);
      changed.signalAll();
      while (!mine.done) {
        if (gathering || queue.isEmpty()) {
          changed.awaitUninterruptibly();
          continue;
        }
        List<Item<I, O>> batch = gather();
        lock.unlock();
        try {
          runBatch(batch);
        } finally {
          lock.lock();
        }
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.result;
  }

  /** Under the lock: waits for a full batch or the deadline, then takes the batch. */
  private List<Item<I, O>> gather() {
    gathering = true;
    long deadline = System.nanoTime() + maxWaitNanos;
    long left = maxWaitNanos;
    while (queue.size() < maxBatch && left > 0) {
      try {
        changed.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      left = deadline - System.nanoTime();
    }
    List<Item<I, O>> batch = new ArrayList<>();
    while (batch.size() < maxBatch && !queue.isEmpty()) {
      batch.add(queue.poll());
    }
    gathering = false;
    batches++;
    items += batch.size();
    changed.signalAll();
    return batch;
  }

  /** Outside the lock: the model call; every item of the batch gets its result or the failure. */
  private void runBatch(List<Item<I, O>> batch) {
    List<O> results = null;
    RuntimeException failure = null;
    try {
      results = run.apply(batch.stream().map(i -> i.input).toList());
      if (results.size() != batch.size()) {
        failure = new IllegalStateException("a batch of " + batch.size() + " gave " + results.size() + " results");
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    lock.lock();
    try {
      for (int i = 0; i < batch.size(); i++) {
        Item<I, O> item = batch.get(i);
        if (failure == null) {
          item.result = results.get(i);
        } else {
          item.failure = failure;
        }
        item.done = true;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The mean number of items a batch has held so far (0 before the first). */
  public double meanBatch() {
    lock.lock();
    try {
      return batches == 0 ? 0 : (double) items / batches;
    } finally {
      lock.unlock();
    }
  }
}
