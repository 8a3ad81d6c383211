/*
 * l2l's fused LSTM cell for TensorFlow's CPU: two ops, loaded into TensorFlow by TensorFlow.loadLibrary.
 *
 *   L2lLstmCell(z [N,4H], bias [4H], c [N,H]) -> (h' [N,H], c' [N,H])
 *     with the gates in the order i, f, c~, o of z + bias:
 *     c' = sigmoid(f) * c + sigmoid(i) * tanh(c~),   h' = sigmoid(o) * tanh(c')
 *
 *   L2lLstmCellGrad(z, bias, c, dh', dc') -> (dz [N,4H], dbias [4H], dc [N,H])
 *     the gradient of the above (the gates are recomputed from z, not stored).
 *
 * The elementwise part of an LSTM cell in one pass over the rows instead of about ten TensorFlow ops
 * forward and fifteen backward; the MatMul stays TensorFlow's. The Java side
 * (dev.l2l.optimizers.learned.FusedLstmCell) registers the gradient and checks both ops against a
 * plain-Java reference.
 *
 * Built against TensorFlow's stable C API (tensorflow/c/kernels.h, ops.h, tf_tensor.h, tf_status.h),
 * whose functions the natives of TensorFlow Java export; TensorFlow Java ships no C headers, so the
 * few declarations used are written out below.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct TF_Status TF_Status;
typedef struct TF_Tensor TF_Tensor;
typedef struct TF_KernelBuilder TF_KernelBuilder;
typedef struct TF_OpKernelConstruction TF_OpKernelConstruction;
typedef struct TF_OpKernelContext TF_OpKernelContext;
typedef struct TF_OpDefinitionBuilder TF_OpDefinitionBuilder;
typedef struct TF_ShapeInferenceContext TF_ShapeInferenceContext;
typedef struct TF_ShapeHandle TF_ShapeHandle;

enum { TF_OK = 0, TF_INVALID_ARGUMENT = 3, TF_RESOURCE_EXHAUSTED = 8 };
enum { TF_FLOAT = 1 };

extern TF_Status* TF_NewStatus(void);
extern void TF_DeleteStatus(TF_Status*);
extern int TF_GetCode(const TF_Status*);
extern const char* TF_Message(const TF_Status*);
extern void TF_SetStatus(TF_Status*, int code, const char* msg);

extern int TF_NumDims(const TF_Tensor*);
extern int64_t TF_Dim(const TF_Tensor*, int dim_index);
extern void* TF_TensorData(const TF_Tensor*);
extern void TF_DeleteTensor(TF_Tensor*);

extern TF_KernelBuilder* TF_NewKernelBuilder(const char* op_name, const char* device_name,
                                             void* (*create_func)(TF_OpKernelConstruction*),
                                             void (*compute_func)(void*, TF_OpKernelContext*),
                                             void (*delete_func)(void*));
extern void TF_RegisterKernelBuilder(const char* kernel_name, TF_KernelBuilder* builder,
                                     TF_Status* status);
extern void TF_GetInput(TF_OpKernelContext* ctx, int i, TF_Tensor** tensor, TF_Status* status);
extern TF_Tensor* TF_AllocateOutput(TF_OpKernelContext* context, int index, int dtype,
                                    const int64_t* dims, int num_dims, size_t len, TF_Status* status);
extern void TF_OpKernelContext_Failure(TF_OpKernelContext* ctx, TF_Status* status);

extern TF_OpDefinitionBuilder* TF_NewOpDefinitionBuilder(const char* op_name);
extern void TF_RegisterOpDefinition(TF_OpDefinitionBuilder* builder, TF_Status* status);
extern void TF_OpDefinitionBuilderAddInput(TF_OpDefinitionBuilder* builder, const char* input_spec);
extern void TF_OpDefinitionBuilderAddOutput(TF_OpDefinitionBuilder* builder, const char* output_spec);
extern void TF_OpDefinitionBuilderSetShapeInferenceFunction(
    TF_OpDefinitionBuilder* builder, void (*fn)(TF_ShapeInferenceContext* ctx, TF_Status* status));
extern TF_ShapeHandle* TF_NewShapeHandle(void);
extern void TF_DeleteShapeHandle(TF_ShapeHandle* handle);
extern void TF_ShapeInferenceContextGetInput(TF_ShapeInferenceContext* ctx, int i,
                                             TF_ShapeHandle* handle, TF_Status* status);
extern void TF_ShapeInferenceContextSetOutput(TF_ShapeInferenceContext* ctx, int i,
                                              TF_ShapeHandle* handle, TF_Status* status);

/* glibc's vector math library (libmvec) has 4-, 8- and 16-wide versions of these: declared as SIMD
 * functions, the loops below call those (without -ffast-math, so NaN and Inf keep their meaning). */
__attribute__((__simd__("notinbranch"), const, nothrow)) float expf(float);
__attribute__((__simd__("notinbranch"), const, nothrow)) float tanhf(float);

static inline float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

#define CHUNK 32      /* rows per chunk (see Gates) */
#define MAX_UNITS 256 /* the largest H */

/* Sizes of one call, checked: z [rows, 4 units], bias [4 units], c and the other [rows, units] inputs. */
typedef struct {
  int64_t rows;
  int64_t units;
} Sizes;

static int check(TF_OpKernelContext* ctx, TF_Tensor** in, int count, Sizes* sizes, TF_Status* status) {
  char message[256];
  const char* problem = NULL;
  if (TF_NumDims(in[0]) != 2 || TF_NumDims(in[1]) != 1 || TF_NumDims(in[2]) != 2) {
    problem = "z must be [N, 4H], bias [4H] and c [N, H]";
  } else {
    sizes->rows = TF_Dim(in[2], 0);
    sizes->units = TF_Dim(in[2], 1);
    if (TF_Dim(in[0], 0) != sizes->rows || TF_Dim(in[0], 1) != 4 * sizes->units ||
        TF_Dim(in[1], 0) != 4 * sizes->units) {
      problem = "z must be [N, 4H] and bias [4H] for c of [N, H]";
    } else if (sizes->units < 1 || sizes->units > MAX_UNITS) {
      problem = "the number of units H must be in [1, 256]";
    }
    for (int k = 3; k < count && problem == NULL; k++) {
      if (TF_NumDims(in[k]) != 2 || TF_Dim(in[k], 0) != sizes->rows || TF_Dim(in[k], 1) != sizes->units) {
        problem = "the gradients dh' and dc' must have the shape of c, [N, H]";
      }
    }
  }
  if (problem == NULL) return 1;
  snprintf(message, sizeof message, "L2lLstmCell: %s", problem);
  TF_SetStatus(status, TF_INVALID_ARGUMENT, message);
  TF_OpKernelContext_Failure(ctx, status);
  return 0;
}

/* Reads the op's inputs into in[0..count); 0 (and the failure reported) if one cannot be read. */
static int read_inputs(TF_OpKernelContext* ctx, TF_Tensor** in, int count, TF_Status* status) {
  for (int k = 0; k < count; k++) in[k] = NULL;
  for (int k = 0; k < count; k++) {
    TF_GetInput(ctx, k, &in[k], status);
    if (TF_GetCode(status) != TF_OK) {
      TF_OpKernelContext_Failure(ctx, status);
      return 0;
    }
  }
  return 1;
}

static void out_of_memory(TF_OpKernelContext* ctx, TF_Status* status) {
  TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, "L2lLstmCell: out of memory for the kernel's buffers");
  TF_OpKernelContext_Failure(ctx, status);
}

static void delete_all(TF_Tensor** tensors, int count) {
  for (int k = 0; k < count; k++) {
    if (tensors[k] != NULL) TF_DeleteTensor(tensors[k]);
  }
}

/* Rows are processed CHUNK at a time: the gates of a chunk are gathered into small buffers, sigmoid
 * (i, f, o) and tanh (c~, c'), so that the transcendental functions run over long contiguous arrays, which
 * libmvec computes 8 or 16 at a time (per row there would be only H = 20 of each). Each pass covers a
 * multiple of 16 elements (the buffers' tails zeroed), so that every element goes through the same vector
 * code whatever its position: a coordinate's update does not depend on which rows share its chunk. */

/* n rounded up to a multiple of 16, the widest vector; the buffers hold that many. */
static int padded(int n) {
  return (n + 15) & ~15;
}

/* The activations of one chunk: sigmoid(i), sigmoid(f), sigmoid(o) of each row (3H each), tanh(c~) (H)
 * and tanh(c') (H), each array with room for its padding; all in one allocation, memory. */
typedef struct {
  float* ifo;
  float* g;
  float* tc;
  float* memory;
} Gates;

/* Buffers for chunks of H units (about 20 H floats per row of a chunk); 0 if out of memory. */
static int gates_new(Gates* a, int H) {
  int ifo = padded(CHUNK * 3 * H);
  int one = padded(CHUNK * H);
  a->memory = malloc((size_t)(ifo + 2 * one) * sizeof(float));
  a->ifo = a->memory;
  a->g = a->memory + ifo;
  a->tc = a->memory + ifo + one;
  return a->memory != NULL;
}

/* x[k] = sigmoid(x[k]) for k < padded(n), after zeroing x[n .. padded(n)). */
static void sigmoid_all(float* restrict x, int n) {
  for (int k = n; k < padded(n); k++) x[k] = 0.0f;
  for (int k = 0; k < padded(n); k++) x[k] = sigmoid(x[k]);
}

/* x[k] = tanh(x[k]) for k < padded(n), after zeroing x[n .. padded(n)). */
static void tanh_all(float* restrict x, int n) {
  for (int k = n; k < padded(n); k++) x[k] = 0.0f;
  for (int k = 0; k < padded(n); k++) x[k] = tanhf(x[k]);
}

/* The activated gates, c' and tanh(c') of rows [0, m) of a chunk (z, c and c_next point at its first row). */
static void gates(const float* restrict z, const float* restrict b, const float* restrict c,
                  float* restrict c_next, const Gates* a, int m, int H) {
  for (int r = 0; r < m; r++) {
    const float* zr = z + r * 4 * H;
    float* ifo = a->ifo + r * 3 * H;
    float* g = a->g + r * H;
    for (int j = 0; j < 2 * H; j++) ifo[j] = zr[j] + b[j];
    for (int j = 0; j < H; j++) ifo[2 * H + j] = zr[3 * H + j] + b[3 * H + j];
    for (int j = 0; j < H; j++) g[j] = zr[2 * H + j] + b[2 * H + j];
  }
  sigmoid_all(a->ifo, m * 3 * H);
  tanh_all(a->g, m * H);
  for (int r = 0; r < m; r++) {
    const float* ifo = a->ifo + r * 3 * H;
    const float* g = a->g + r * H;
    for (int j = 0; j < H; j++) c_next[r * H + j] = ifo[H + j] * c[r * H + j] + ifo[j] * g[j];
  }
  for (int k = 0; k < m * H; k++) a->tc[k] = c_next[k];
  tanh_all(a->tc, m * H);
}

/* L2lLstmCell on rows [0, m) of a chunk. */
static void cell_chunk(const float* z, const float* b, const float* c, float* restrict h_next,
                       float* c_next, const Gates* a, int m, int H) {
  gates(z, b, c, c_next, a, m, H);
  for (int r = 0; r < m; r++) {
    const float* o = a->ifo + r * 3 * H + 2 * H;
    const float* tc = a->tc + r * H;
    for (int j = 0; j < H; j++) h_next[r * H + j] = o[j] * tc[j];
  }
}

/* L2lLstmCellGrad on rows [0, m) of a chunk: dz and dc from dh' and dc' (c' recomputed into c_next). */
static void cell_grad_chunk(const float* z, const float* b, const float* restrict c,
                            const float* restrict dh_next, const float* restrict dc_next, float* restrict dz,
                            float* restrict dc, float* c_next, const Gates* a, int m, int H) {
  gates(z, b, c, c_next, a, m, H);
  for (int r = 0; r < m; r++) {
    const float* i = a->ifo + r * 3 * H;
    const float* f = i + H;
    const float* o = i + 2 * H;
    const float* g = a->g + r * H;
    const float* tc = a->tc + r * H;
    const float* dhr = dh_next + r * H;
    const float* dcr = dc_next + r * H;
    const float* cr = c + r * H;
    float* dzr = dz + r * 4 * H;
    for (int j = 0; j < H; j++) {
      float dct = dcr[j] + dhr[j] * o[j] * (1.0f - tc[j] * tc[j]); /* the gradient of c', all paths */
      dzr[j] = dct * g[j] * i[j] * (1.0f - i[j]);
      dzr[H + j] = dct * cr[j] * f[j] * (1.0f - f[j]);
      dzr[2 * H + j] = dct * i[j] * (1.0f - g[j] * g[j]);
      dzr[3 * H + j] = dhr[j] * tc[j] * o[j] * (1.0f - o[j]);
      dc[r * H + j] = dct * f[j];
    }
  }
}

static void cell_compute(void* kernel, TF_OpKernelContext* ctx) {
  (void)kernel;
  TF_Status* status = TF_NewStatus();
  TF_Tensor* in[3];
  TF_Tensor* out[2] = {NULL, NULL};
  Sizes s;
  if (read_inputs(ctx, in, 3, status) && check(ctx, in, 3, &s, status)) {
    int64_t dims[2] = {s.rows, s.units};
    size_t bytes = (size_t)(s.rows * s.units) * sizeof(float);
    out[0] = TF_AllocateOutput(ctx, 0, TF_FLOAT, dims, 2, bytes, status);
    if (TF_GetCode(status) == TF_OK) out[1] = TF_AllocateOutput(ctx, 1, TF_FLOAT, dims, 2, bytes, status);
    if (TF_GetCode(status) != TF_OK) {
      TF_OpKernelContext_Failure(ctx, status);
    } else {
      const float* z = TF_TensorData(in[0]);
      const float* b = TF_TensorData(in[1]);
      const float* c = TF_TensorData(in[2]);
      float* h_next = TF_TensorData(out[0]);
      float* c_next = TF_TensorData(out[1]);
      const int64_t H = s.units;
      Gates a;
      if (!gates_new(&a, (int)H)) {
        out_of_memory(ctx, status);
      } else {
        for (int64_t r = 0; r < s.rows; r += CHUNK) {
          int m = s.rows - r < CHUNK ? (int)(s.rows - r) : CHUNK;
          cell_chunk(z + r * 4 * H, b, c + r * H, h_next + r * H, c_next + r * H, &a, m, (int)H);
        }
      }
      free(a.memory);
    }
  }
  delete_all(in, 3);
  delete_all(out, 2);
  TF_DeleteStatus(status);
}

static void cell_grad_compute(void* kernel, TF_OpKernelContext* ctx) {
  (void)kernel;
  TF_Status* status = TF_NewStatus();
  TF_Tensor* in[5];
  TF_Tensor* out[3] = {NULL, NULL, NULL};
  Sizes s;
  if (read_inputs(ctx, in, 5, status) && check(ctx, in, 5, &s, status)) {
    const int64_t H = s.units;
    int64_t dz_dims[2] = {s.rows, 4 * H};
    int64_t db_dims[1] = {4 * H};
    int64_t dc_dims[2] = {s.rows, H};
    out[0] = TF_AllocateOutput(ctx, 0, TF_FLOAT, dz_dims, 2, (size_t)(s.rows * 4 * H) * sizeof(float), status);
    if (TF_GetCode(status) == TF_OK)
      out[1] = TF_AllocateOutput(ctx, 1, TF_FLOAT, db_dims, 1, (size_t)(4 * H) * sizeof(float), status);
    if (TF_GetCode(status) == TF_OK)
      out[2] = TF_AllocateOutput(ctx, 2, TF_FLOAT, dc_dims, 2, (size_t)(s.rows * H) * sizeof(float), status);
    if (TF_GetCode(status) != TF_OK) {
      TF_OpKernelContext_Failure(ctx, status);
    } else {
      const float* z = TF_TensorData(in[0]);
      const float* b = TF_TensorData(in[1]);
      const float* c = TF_TensorData(in[2]);
      const float* dh = TF_TensorData(in[3]);
      const float* dcn = TF_TensorData(in[4]);
      float* dz = TF_TensorData(out[0]);
      float* db = TF_TensorData(out[1]);
      float* dc = TF_TensorData(out[2]);
      Gates a;
      float* c_next = malloc(CHUNK * H * sizeof(float));
      double* db_sum = calloc((size_t)(4 * H), sizeof(double)); /* the bias gradient, summed in double */
      if (!gates_new(&a, (int)H) || c_next == NULL || db_sum == NULL) {
        out_of_memory(ctx, status);
      } else {
        for (int64_t r = 0; r < s.rows; r += CHUNK) {
          int m = s.rows - r < CHUNK ? (int)(s.rows - r) : CHUNK;
          float* dzr = dz + r * 4 * H;
          cell_grad_chunk(z + r * 4 * H, b, c + r * H, dh + r * H, dcn + r * H, dzr, dc + r * H, c_next, &a, m,
                          (int)H);
          for (int q = 0; q < m; q++) {
            for (int k = 0; k < 4 * H; k++) db_sum[k] += dzr[q * 4 * H + k];
          }
        }
        for (int64_t k = 0; k < 4 * H; k++) db[k] = (float)db_sum[k];
      }
      free(db_sum);
      free(c_next);
      free(a.memory);
    }
  }
  delete_all(in, 5);
  delete_all(out, 3);
  TF_DeleteStatus(status);
}

/* Every output has the shape of the input at the same position (h', c' that of c: see the op). */
static void same_shapes(TF_ShapeInferenceContext* ctx, TF_Status* status, const int* from, int outputs) {
  TF_ShapeHandle* shape = TF_NewShapeHandle();
  for (int k = 0; k < outputs && TF_GetCode(status) == TF_OK; k++) {
    TF_ShapeInferenceContextGetInput(ctx, from[k], shape, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSetOutput(ctx, k, shape, status);
  }
  TF_DeleteShapeHandle(shape);
}

static void cell_shapes(TF_ShapeInferenceContext* ctx, TF_Status* status) {
  static const int from[2] = {2, 2};
  same_shapes(ctx, status, from, 2);
}

static void cell_grad_shapes(TF_ShapeInferenceContext* ctx, TF_Status* status) {
  static const int from[3] = {0, 1, 2};
  same_shapes(ctx, status, from, 3);
}

static void report(const char* what, TF_Status* status) {
  if (TF_GetCode(status) != TF_OK) fprintf(stderr, "l2l fused LSTM cell: %s: %s\n", what, TF_Message(status));
}

__attribute__((constructor)) static void register_ops(void) {
  TF_Status* status = TF_NewStatus();
  TF_OpDefinitionBuilder* op = TF_NewOpDefinitionBuilder("L2lLstmCell");
  TF_OpDefinitionBuilderAddInput(op, "z: float");
  TF_OpDefinitionBuilderAddInput(op, "bias: float");
  TF_OpDefinitionBuilderAddInput(op, "c: float");
  TF_OpDefinitionBuilderAddOutput(op, "h_next: float");
  TF_OpDefinitionBuilderAddOutput(op, "c_next: float");
  TF_OpDefinitionBuilderSetShapeInferenceFunction(op, cell_shapes);
  TF_RegisterOpDefinition(op, status);
  report("registering the op L2lLstmCell", status);

  TF_OpDefinitionBuilder* grad = TF_NewOpDefinitionBuilder("L2lLstmCellGrad");
  TF_OpDefinitionBuilderAddInput(grad, "z: float");
  TF_OpDefinitionBuilderAddInput(grad, "bias: float");
  TF_OpDefinitionBuilderAddInput(grad, "c: float");
  TF_OpDefinitionBuilderAddInput(grad, "dh_next: float");
  TF_OpDefinitionBuilderAddInput(grad, "dc_next: float");
  TF_OpDefinitionBuilderAddOutput(grad, "dz: float");
  TF_OpDefinitionBuilderAddOutput(grad, "dbias: float");
  TF_OpDefinitionBuilderAddOutput(grad, "dc: float");
  TF_OpDefinitionBuilderSetShapeInferenceFunction(grad, cell_grad_shapes);
  TF_RegisterOpDefinition(grad, status);
  report("registering the op L2lLstmCellGrad", status);

  TF_RegisterKernelBuilder("L2lLstmCellCpu", TF_NewKernelBuilder("L2lLstmCell", "CPU", NULL, cell_compute, NULL),
                           status);
  report("registering the CPU kernel of L2lLstmCell", status);
  TF_RegisterKernelBuilder("L2lLstmCellGradCpu",
                           TF_NewKernelBuilder("L2lLstmCellGrad", "CPU", NULL, cell_grad_compute, NULL), status);
  report("registering the CPU kernel of L2lLstmCellGrad", status);
  TF_DeleteStatus(status);
}
