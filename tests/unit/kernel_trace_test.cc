// Kernel traces: the vendors' CSV exports and the JSON format parse into
// the same timeline, malformed files fail with one line naming the row, and
// the replay plan and model do what docs/workloads.md says.
#include "kernels/trace/kernel_trace.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/backend.h"
#include "kernels/trace/replay_plan.h"
#include "kernels/trace/trace_model.h"
#include "kernels/trace/trace_summary.h"
#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

// rocprof (v1) --stats --timestamp on: results.csv, grid and work-group
// sizes in work-items. Rows out of order on purpose: the replay sorts.
const char kRocprofV1[] =
    R"csv("Index","KernelName","gpu-id","queue-id","queue-index","pid","tid","grd","wgr","lds","scr","arch_vgpr","accum_vgpr","sgpr","wave_size","sig","obj","DispatchNs","BeginNs","EndNs","CompleteNs"
1,"void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3> >(int, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3>) [clone .kd]",2,0,1,4242,4242,262144,256,0,0,16,0,24,64,"0x0","0x7f3a2c001000",1000100,1060000,1070000,1071000
0,"Cijk_Ailk_Bljk_SB_MT64x64x16_MI32x32x2x1_SN_1LDSB0 [clone .kd]",2,0,0,4242,4242,65536,256,8192,0,64,0,32,64,"0x0","0x7f3a2c000000",1000000,1010000,1060000,1061000
2,"softmax_warp_forward [clone .kd]",2,0,2,4242,4242,1000,64,0,0,16,0,16,64,"0x0","0x7f3a2c002000",1070100,1100000,1105000,1106000
)csv";

// rocprofv3 --kernel-trace --output-format csv: kernel_trace.csv, sizes
// per dimension in work-items.
const char kRocprofV3[] =
    R"csv("Kind","Agent_Id","Queue_Id","Stream_Id","Thread_Id","Dispatch_Id","Kernel_Id","Kernel_Name","Correlation_Id","Start_Timestamp","End_Timestamp","LDS_Block_Size","Scratch_Size","VGPR_Count","Accum_VGPR_Count","SGPR_Count","Workgroup_Size_X","Workgroup_Size_Y","Workgroup_Size_Z","Grid_Size_X","Grid_Size_Y","Grid_Size_Z"
"KERNEL_DISPATCH","Agent 4",1,1,852831,1,10,"void addition_kernel<float>(float*, float const*, float const*, int, int)",1,1551874061244694,1551874061255734,0,0,8,0,16,64,1,1,1024,1024,1
"KERNEL_DISPATCH","Agent 4",1,1,852831,2,13,"subtract_kernel(float*, float const*, float const*, int, int)",2,1551874061259214,1551874061270254,0,0,8,0,16,64,1,1,1024,1024,1
)csv";

// nsys stats --report cuda_gpu_trace --format csv: copies have no grid,
// names in brackets; nsys prints a notice before the table.
const char kNsys[] =
    R"csv(Processing [report1.sqlite] with [/opt/nvidia/nsight-systems/2024.5.1/host-linux-x64/reports/cuda_gpu_trace.py]... 

"Start (ns)","Duration (ns)","CorrId","GrdX","GrdY","GrdZ","BlkX","BlkY","BlkZ","Reg/Trd","StcSMem (MB)","DymSMem (MB)","Bytes (MB)","Throughput (MBps)","SrcMemKd","DstMemKd","Device","Ctx","GreenCtx","Strm","Name"
1086154234,1536,117,,,,,,,,,,0.602,391927.083,"Pageable","Device","NVIDIA H100 80GB HBM3 (0)",1,,7,"[CUDA memcpy Host-to-Device]"
1086200000,48000,125,132,4,1,256,1,1,128,0.000,0.049,,,,,"NVIDIA H100 80GB HBM3 (0)",1,,7,"sm90_xmma_gemm_f32f32_tf32f32_f32_nn_n_tilesize128x128x32_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas"
1086248500,6000,126,512,1,1,128,1,1,16,0.000,0.000,,,,,"NVIDIA H100 80GB HBM3 (0)",1,,7,"void at::native::vectorized_elementwise_kernel<4, at::native::FillFunctor<float>, at::detail::Array<char *, 1>>(int, T2, T3)"
1086254600,2048,127,,,,,,,,,,0.004,1953.125,"Device","Pageable","NVIDIA H100 80GB HBM3 (0)",1,,7,"[CUDA memcpy Device-to-Host]"
1086400000,9000,128,64,1,1,256,1,1,32,0.000,0.000,,,,,"NVIDIA H100 80GB HBM3 (0)",1,,7,"void cunn_SoftMaxForward<4, float, float, float, cunn::SoftMaxForwardEpilogue>(T4 *, const T2 *, int)"
)csv";

KernelTrace Parse(const std::string& text) {
  KernelTrace trace;
  std::string error;
  EXPECT_TRUE(ParseKernelTrace(text, &trace, &error)) << error;
  return trace;
}

std::string Rejection(const std::string& text) {
  KernelTrace trace;
  std::string error;
  EXPECT_FALSE(ParseKernelTrace(text, &trace, &error));
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  return error;
}

TEST(KernelTraceTest, ParsesRocprofResultsCsv) {
  const KernelTrace t = Parse(kRocprofV1);
  EXPECT_EQ(t.format, TraceFormat::kRocprof);
  ASSERT_EQ(t.kernels.size(), 3u);
  EXPECT_EQ(t.kernels[0].name.substr(0, 4), "Cijk") << "sorted by BeginNs";
  EXPECT_EQ(t.kernels[0].duration_ns, 50'000);
  EXPECT_EQ(t.kernels[0].blocks, 256) << "grd 65536 / wgr 256";
  EXPECT_FALSE(t.kernels[0].memory_bound);
  EXPECT_EQ(t.kernels[1].gap_before_ns, 0);
  EXPECT_TRUE(t.kernels[1].memory_bound) << "an elementwise kernel";
  EXPECT_EQ(t.kernels[2].blocks, 16) << "1000 work-items of 64, rounded up";
  EXPECT_EQ(t.kernels[2].gap_before_ns, 30'000);
  EXPECT_EQ(TotalGpuNs(t), 65'000);
}

TEST(KernelTraceTest, ParsesRocprofV3KernelTraceCsv) {
  const KernelTrace t = Parse(kRocprofV3);
  EXPECT_EQ(t.format, TraceFormat::kRocprofV3);
  ASSERT_EQ(t.kernels.size(), 2u);
  EXPECT_EQ(t.kernels[0].duration_ns, 11'040);
  EXPECT_EQ(t.kernels[0].blocks, 16 * 1024) << "(1024/64) x 1024 x 1";
  EXPECT_EQ(t.kernels[1].gap_before_ns, 3'480);
}

TEST(KernelTraceTest, ParsesNsysCudaGpuTraceCsv) {
  const KernelTrace t = Parse(kNsys);
  EXPECT_EQ(t.format, TraceFormat::kNsys);
  ASSERT_EQ(t.kernels.size(), 5u);
  EXPECT_EQ(t.kernels[0].blocks, 0) << "a copy has no grid";
  EXPECT_TRUE(t.kernels[0].memory_bound);
  EXPECT_FALSE(t.kernels[0].sync_after) << "host to device";
  EXPECT_EQ(t.kernels[1].blocks, 132 * 4);
  EXPECT_EQ(t.kernels[1].duration_ns, 48'000);
  EXPECT_FALSE(t.kernels[1].memory_bound);
  EXPECT_TRUE(t.kernels[2].memory_bound) << "FillFunctor";
  EXPECT_TRUE(t.kernels[3].sync_after) << "device to host";
  EXPECT_EQ(t.kernels[4].gap_before_ns, 1086400000 - 1086256648);
}

TEST(KernelTraceTest, ParsesTheJsonFormat) {
  const KernelTrace t = Parse(R"({"kernels": [
      {"name": "gemm", "duration_us": 120, "blocks": 264},
      {"name": "epilogue", "duration_us": 8.5, "memory_bound": true,
       "gap_before_us": 50, "sync_after": true},
      {"duration_us": 3, "name": "copy_out", "memory_bound": false}]})");
  EXPECT_EQ(t.format, TraceFormat::kJson);
  ASSERT_EQ(t.kernels.size(), 3u);
  EXPECT_EQ(t.kernels[0].duration_ns, 120'000);
  EXPECT_EQ(t.kernels[0].blocks, 264);
  EXPECT_TRUE(t.kernels[1].memory_bound);
  EXPECT_TRUE(t.kernels[1].sync_after);
  EXPECT_EQ(t.kernels[1].gap_before_ns, 50'000);
  EXPECT_FALSE(t.kernels[2].memory_bound) << "the mark beats the name";
}

TEST(KernelTraceTest, RejectsMalformedRowsWithTheirLine) {
  std::string text = kRocprofV1;
  // Line 3 loses its last field.
  const size_t line3 = text.find("\n0,");
  const size_t end3 = text.find('\n', line3 + 1);
  std::string short_row = text;
  short_row.erase(short_row.rfind(',', end3 - 1),
                  end3 - short_row.rfind(',', end3 - 1));
  EXPECT_EQ(Rejection(short_row), "line 3: 20 fields, the header has 21");

  std::string bad_number = kRocprofV3;
  bad_number.replace(bad_number.find("1551874061270254"), 16, "12ms");
  EXPECT_EQ(Rejection(bad_number),
            "line 3: End_Timestamp '12ms' is not a whole number >= 0");

  std::string reversed = kRocprofV3;
  reversed.replace(reversed.find("1551874061255734"), 16, "1551874061244000");
  EXPECT_EQ(Rejection(reversed),
            "line 2: End_Timestamp 1551874061244000 is before "
            "Start_Timestamp 1551874061244694");

  std::string negative_grid = kNsys;
  negative_grid.replace(negative_grid.find(",132,"), 5, ",-4,");
  EXPECT_EQ(Rejection(negative_grid),
            "line 5: GrdX '-4' is not a whole number >= 0");

  EXPECT_EQ(Rejection("\"Index\",\"KernelName\n1,2\n"),
            "line 1: unclosed quote");
  EXPECT_EQ(Rejection(R"({"kernels": [{"duration_us": 3}, {"name": "x"}]})"),
            "kernels[1]: needs \"duration_us\" >= 0");
  EXPECT_NE(Rejection("a,b,c\n1,2,3\n").find("no known header"),
            std::string::npos);
  EXPECT_EQ(Rejection(R"({"kernels": []})"), "the trace has no kernels");
}

TEST(KernelTraceTest, LoadNamesTheFile) {
  KernelTrace trace;
  std::string error;
  EXPECT_FALSE(LoadKernelTrace("/nonexistent/t.csv", &trace, &error));
  EXPECT_EQ(error, "/nonexistent/t.csv: cannot read the trace file");
}

TEST(KernelTraceTest, ExamplesParse) {
  for (const char* name :
       {"resnet_infer.json", "transformer_decode.json", "train_step.json"}) {
    KernelTrace trace;
    std::string error;
    EXPECT_TRUE(LoadKernelTrace(
        std::string(XSB_TRACE_EXAMPLES_DIR) + "/" + name, &trace, &error))
        << error;
    EXPECT_GT(trace.kernels.size(), 10u) << name;
  }
}

TEST(KernelTraceTest, DescribesKernelsCopiesGpuTimeAndHostGaps) {
  EXPECT_EQ(DescribeTrace("/x/y/results.csv", Parse(kRocprofV1)),
            "results.csv (rocprof): 3 kernels + 0 copies, 0.065 ms GPU + "
            "0.030 ms host gaps = 0.095 ms a pass");
  // Two copies (3.6 us together); the gaps of 44.2 and 143.4 us are host
  // time, those of 0.5 and 0.1 us the launch pipeline.
  EXPECT_EQ(DescribeTrace("run.csv", Parse(kNsys)),
            "run.csv (nsys): 3 kernels + 2 copies, 0.067 ms GPU + 0.188 ms "
            "host gaps = 0.254 ms a pass");
}

// A pass that is mostly host time says so: 1.220 ms on the GPU in a pass
// of about 429 ms.
TEST(KernelTraceTest, HostGapsDominateWhereTheyDo) {
  const KernelTrace t = Parse(R"({"kernels": [
      {"name": "a", "duration_us": 1000},
      {"name": "memcpy DtoH", "duration_us": 220, "gap_before_us": 427780}]})");
  const TraceSummary s = SummarizeTrace(t);
  EXPECT_EQ(s.kernels, 1);
  EXPECT_EQ(s.copies, 1);
  EXPECT_EQ(s.gpu_ns, 1'220'000);
  EXPECT_EQ(s.host_gap_ns, 427'780'000);
  EXPECT_EQ(s.pass_ns(), 429'000'000);
  EXPECT_EQ(DescribeTrace("t.json", t),
            "t.json (xsb-trace): 1 kernel + 1 copy, 1.220 ms GPU + 427.780 ms "
            "host gaps = 429.000 ms a pass");
}

// Three queues whose rows overlap: recorded over 0.300 ms, replayed one
// after another in 0.800 ms.
TEST(KernelTraceTest, OverlappingQueuesAreCountedAndTheirSpansCompared) {
  const KernelTrace t = Parse(
      "\"Start (ns)\",\"Duration (ns)\",\"GrdX\",\"GrdY\",\"GrdZ\","
      "\"BlkX\",\"BlkY\",\"BlkZ\",\"Strm\",\"Name\"\n"
      "1000000,300000,8,1,1,64,1,1,7,\"a\"\n"
      "1000000,250000,8,1,1,64,1,1,8,\"b\"\n"
      "1050000,250000,8,1,1,64,1,1,9,\"c\"\n");
  EXPECT_EQ(t.overlapping_rows, 2);
  EXPECT_EQ(t.span_ns, 300'000);
  EXPECT_EQ(DescribeTrace("q.csv", t),
            "q.csv (nsys): 3 kernels + 0 copies, 0.800 ms GPU + 0.000 ms host "
            "gaps = 0.800 ms a pass, 2 overlapping rows serialised: recorded "
            "span 0.300 ms, replayed 0.800 ms");
  EXPECT_EQ(Parse(kNsys).overlapping_rows, 0);
  EXPECT_EQ(Parse(kNsys).span_ns, 1086409000 - 1086154234);
}

TEST(IsCopyNameTest, CopiesAndMemsetsNotBlitKernels) {
  EXPECT_TRUE(IsCopyName("[CUDA memcpy Host-to-Device]"));
  EXPECT_TRUE(IsCopyName("[CUDA memset]"));
  EXPECT_TRUE(IsCopyName("memcpy DtoH logits"));
  EXPECT_FALSE(IsCopyName("__amd_rocclr_copyBuffer")) << "a kernel";
  EXPECT_FALSE(IsCopyName("elementwise_fill"));
}

// ------------------------------------------------- real profilers' files

std::string Fixture(const std::string& name) {
  return std::string(XSB_TRACE_FIXTURES_DIR) + "/" + name;
}

std::string LoadRejection(const std::string& name) {
  KernelTrace trace;
  std::string error;
  EXPECT_FALSE(LoadKernelTrace(Fixture(name), &trace, &error));
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  return error;
}

TEST(RealTracesTest, RocprofV2KernelTraceIsReplayed) {
  KernelTrace t;
  std::string error;
  ASSERT_TRUE(
      LoadKernelTrace(Fixture("rocprofv2_vcopy_mi300a.csv"), &t, &error))
      << error;
  EXPECT_EQ(t.format, TraceFormat::kRocprofV2);
  ASSERT_EQ(t.kernels.size(), 3u);
  EXPECT_EQ(t.kernels[0].duration_ns, 162067504056482 - 162067504048950);
  EXPECT_EQ(t.kernels[0].blocks, 4096) << "1048576 work-items / 256";
  // Written out of order (dispatch 3 before 2): replayed in start order.
  EXPECT_EQ(t.kernels[1].duration_ns, 162067504081560 - 162067504075511);
  EXPECT_EQ(t.kernels[1].gap_before_ns, 162067504075511 - 162067504056482);
  EXPECT_TRUE(t.kernels[2].memory_bound) << "vecCopy";
  EXPECT_FALSE(t.kernels[2].copy) << "a kernel that copies";
  EXPECT_EQ(DescribeTrace("timestamps.csv", t),
            "timestamps.csv (rocprofv2): 3 kernels + 0 copies, 0.019 ms GPU + "
            "0.000 ms host gaps = 0.019 ms a pass")
      << "gaps of 19.0 and 16.1 us are the launch pipeline";
}

TEST(RealTracesTest, RocprofV2OlderHeaderWithGrdAndWgr) {
  const KernelTrace t = Parse(
      "Dispatch_ID,GPU_ID,Queue_ID,Queue_Index,PID,TID,GRD,WGR,LDS,SCR,"
      "Arch_VGPR,ACCUM_VGPR,SGPR,Wave_Size,SIG,OBJ,Kernel_Name,"
      "Start_Timestamp,End_Timestamp,Correlation_ID\n"
      "1,4,1,1,1584730,1584730,1024,64,0,0,8,0,16,64,140464978048000,1,"
      "\"helloworld(char*, char*) (.kd)\",1000,5000,33\n");
  EXPECT_EQ(t.format, TraceFormat::kRocprofV2);
  ASSERT_EQ(t.kernels.size(), 1u);
  EXPECT_EQ(t.kernels[0].blocks, 16);
  EXPECT_EQ(t.kernels[0].duration_ns, 4000);
}

TEST(RealTracesTest, NvprofGpuTraceIsNamedWithWhatToRecordInstead) {
  const std::string error = LoadRejection("nvprof_gpu_trace_matrixmul.csv");
  EXPECT_NE(error.find("this is nvprof's GPU trace (nvprof --print-gpu-trace "
                       "--csv), which the replay does not read; record with "
                       "Nsight Systems"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("nsys stats --report cuda_gpu_trace --format csv"),
            std::string::npos)
      << error;
}

TEST(RealTracesTest, NsysKernelSummaryIsNamedWithWhatToRecordInstead) {
  const std::string error = LoadRejection("nsys_cuda_gpu_kern_sum_dotllm.csv");
  EXPECT_NE(error.find("this is Nsight Systems' kernel summary (nsys stats "
                       "--report cuda_gpu_kern_sum, *_cuda_gpu_kern_sum.csv): "
                       "one row per kernel name with totals, no timeline to "
                       "replay; instead, export the timeline: nsys stats "
                       "--report cuda_gpu_trace"),
            std::string::npos)
      << error;
}

TEST(RealTracesTest, RocprofSummaryIsNamedWithWhatToRecordInstead) {
  const std::string expected =
      "this is a rocprof summary (rocprof --stats: results.stats.csv, or "
      "rocprofv3 --stats: *_kernel_stats.csv): one row per name with totals, "
      "no timeline to replay; record the kernel trace instead: rocprof "
      "--timestamp on";
  const std::string v3 = LoadRejection("rocprofv3_kernel_stats_resnet.csv");
  EXPECT_NE(v3.find(expected), std::string::npos) << v3;
  // rocprof v1's results.stats.csv: the same first five columns.
  const std::string v1 = Rejection(
      "\"Name\",\"Calls\",\"TotalDurationNs\",\"AverageNs\","
      "\"Percentage\"\n\"copy_kernel(float*, float*, int, int) [clone "
      ".kd]\",1,165920,165920,100.0\n");
  EXPECT_EQ(v1.find(expected), 0u) << v1;
}

TEST(RealTracesTest, OtherSummariesAreNamedToo) {
  EXPECT_EQ(Rejection("\"Type\",\"Time(%)\",\"Time\",\"Calls\",\"Avg\","
                      "\"Min\",\"Max\",\"Name\"\n,%,s,,ms,ms,ms,\n")
                .find("this is nvprof's summary (nvprof --csv)"),
            0u);
  EXPECT_EQ(Rejection("Time (%),Total Time (ns),Num Calls,Avg (ns),Name\n"
                      "65.1,1417580893,293,4838160.0,cuMemcpyHtoD_v2\n")
                .find("this is an Nsight Systems summary"),
            0u);
}

TEST(IsMemoryBoundNameTest, CopiesAndElementwiseKernels) {
  EXPECT_TRUE(IsMemoryBoundName("[CUDA memset]"));
  EXPECT_TRUE(IsMemoryBoundName("__amd_rocclr_copyBuffer"));
  EXPECT_TRUE(IsMemoryBoundName("batch_transpose_kernel"));
  EXPECT_FALSE(IsMemoryBoundName("Cijk_Ailk_Bljk_SB_MT64x64x16"));
  EXPECT_FALSE(IsMemoryBoundName("flash_fwd_kernel"));
}

// ------------------------------------------------------------ replay plan

TEST(ReplayPlanTest, KernelsGapsAndSyncs) {
  const KernelTrace t = Parse(kNsys);
  const std::vector<ReplayStep> plan = MakeReplayPlan(t, 20);
  // copy, gemm (44 us gap: host), fill, D2H copy + sync, host gap, softmax.
  ASSERT_EQ(plan.size(), 7u);
  EXPECT_EQ(plan[0].kind, ReplayStepKind::kKernel);
  EXPECT_EQ(plan[0].kernel_kind, KernelKind::kMemory);
  EXPECT_EQ(plan[1].kind, ReplayStepKind::kHostGap);
  EXPECT_NEAR(plan[1].microseconds, 44.23, 1e-9);
  EXPECT_EQ(plan[2].kind, ReplayStepKind::kKernel);
  EXPECT_EQ(plan[2].blocks, 528);
  EXPECT_DOUBLE_EQ(plan[2].microseconds, 48);
  EXPECT_EQ(plan[3].kernel_kind, KernelKind::kMemory);
  EXPECT_EQ(plan[4].kind, ReplayStepKind::kKernel) << "the D2H copy";
  // The sync after the copy merged into the host gap, which waits itself.
  EXPECT_EQ(plan[5].kind, ReplayStepKind::kHostGap);
  EXPECT_EQ(plan[6].kind, ReplayStepKind::kKernel);
}

TEST(ReplayPlanTest, ShortGapsAreTheLaunchPipeline) {
  const std::vector<ReplayStep> plan =
      MakeReplayPlan(Parse(kNsys), /*min_host_gap_us=*/1000);
  for (const ReplayStep& step : plan) {
    EXPECT_NE(step.kind, ReplayStepKind::kHostGap);
  }
  EXPECT_EQ(plan[4].kind, ReplayStepKind::kSync) << "after the D2H copy";
}

// ------------------------------------------------------------ replay model

class RecordingSpinner : public Spinner {
 public:
  explicit RecordingSpinner(std::vector<std::string>* log) : log_(log) {}
  void Spin(double) override { log_->push_back("spin"); }
  void Kernel(double us, int64_t blocks, KernelKind kind) override {
    log_->push_back((kind == KernelKind::kMemory ? "mem " : "compute ") +
                    std::to_string(static_cast<int>(us)) + "us x" +
                    std::to_string(blocks));
  }

 private:
  std::vector<std::string>* log_;
};

class RecordingStream : public Stream {
 public:
  explicit RecordingStream(std::vector<std::string>* log) : log_(log) {}
  void Synchronize() override { log_->push_back("sync"); }

 private:
  std::vector<std::string>* log_;
};

TEST(TraceModelTest, ForwardReplaysThePlanInOrder) {
  std::vector<std::string> log;
  RecordingStream stream(&log);
  TraceModel model(MakeReplayPlan(Parse(kNsys), 20),
                   std::make_unique<RecordingSpinner>(&log), stream);
  model.StageInput();
  model.CopyIn();
  model.CopyOut();
  EXPECT_TRUE(log.empty()) << "the copies are the trace's own rows";
  model.Forward();
  const std::vector<std::string> expected = {
      "mem 1us x0", "sync", "compute 48us x528", "mem 6us x512",
      "mem 2us x0", "sync", "compute 9us x64"};
  EXPECT_EQ(log, expected);
}

TEST(TraceModelTest, CpuReplayTakesTheTraceTime) {
  std::unique_ptr<Device> cpu = OpenCpuDevice();
  StreamOptions options;
  options.host_threads = 2;
  std::unique_ptr<Stream> stream = cpu->CreateStream(options);
  const KernelTrace trace = Parse(R"({"kernels": [
      {"name": "a", "duration_us": 300, "blocks": 1},
      {"name": "copy", "duration_us": 200, "gap_before_us": 500},
      {"name": "c", "duration_us": 400, "blocks": 64, "sync_after": true}]})");
  TraceModel model(MakeReplayPlan(trace), cpu->CreateSpinner(*stream), *stream);
  const int64_t begin = MonotonicNowNs();
  model.Forward();
  // Kernels never end early on the CPU and the gap is slept: at least the
  // trace's 1.4 ms.
  EXPECT_GE(MonotonicNowNs() - begin, 1'400'000);
}

}  // namespace
}  // namespace xsb
