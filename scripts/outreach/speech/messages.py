"""Every Vietnamese sentence the audio part says or prints, in one place."""

# ---- spoken --------------------------------------------------------------------------------
OPENING = "Đây là {station}."
GREETING = "Kính thưa toàn thể bà con,"
REPEAT = "Sau đây, xin nhắc lại."
CLOSING = "Xin trân trọng cảm ơn bà con đã lắng nghe."

PROCEDURE_TITLE = "Hướng dẫn thủ tục {name}"
PROCEDURE_INTRO = "Hướng dẫn thủ tục {name}."
AUDIENCE = "Người cần làm thủ tục này: {audience}."
ONLINE = "Bà con có thể làm thủ tục này trên mạng, tại {portal}, địa chỉ {url}."
STEPS_INTRO = "Các bước như sau."
STEP = "Bước {number}: {title}."
TIME = "Thời gian giải quyết: {time}."
NO_FEE = "Thủ tục này không mất lệ phí."
FEE = "Lệ phí: {amount}."
ASK = "Nếu cần hỏi thêm, bà con liên hệ {desk}, điện thoại {phone}"
ASK_DESK = "Nếu cần hỏi thêm, bà con liên hệ {desk}"
ASK_HOTLINE = ", hoặc gọi đường dây nóng {hotline}"

# ---- printed (problems) ----------------------------------------------------------------------
FOREIGN = ("có từ không phải tiếng Việt: {words}. Máy đọc có thể đọc sai; thêm cách đọc vào "
           "audio/lexicon.yaml (mục “words” hoặc “web”).")
SPELLED = ("chữ viết tắt {words} chưa có trong audio/lexicon.yaml nên được đánh vần từng chữ "
           "cái; thêm cách đọc vào mục “abbreviations” nếu cần.")
DROPPED = ("đã bỏ phần không đọc được (biểu tượng, chữ viết khác, số giữ chỗ chưa điền như "
           "“0233 3xxx xxx”): {chars}. Thay số giữ chỗ bằng số thật.")
EMPTY = ("không còn câu nào để đọc sau khi bỏ ký hiệu và định dạng; viết nội dung bằng chữ "
         "để có bài phát thanh.")
GTTS_DOWN = ("không kết nối được máy đọc Google (gTTS): {reason}. Kiểm tra mạng rồi chạy lại, "
             "hoặc dùng giọng đọc ngoại tuyến: outreach build --engine espeak. Các tệp âm "
             "thanh đã xuất bản không bị thay đổi.")
GTTS_FALLBACK = ("không kết nối được máy đọc Google (gTTS) nên dùng giọng đọc ngoại tuyến "
                 "espeak-ng (nghe máy móc hơn). Có mạng, chạy lại để có giọng tự nhiên hơn.")
ESPEAK_BROKEN = "không chạy được giọng đọc ngoại tuyến espeak-ng: {reason}."
UNKNOWN_ENGINE = "không có giọng đọc “{engine}”; chọn auto, gtts hoặc espeak."
SILENT = ("bản ghi đọc ra bị im lặng hoặc quá nhỏ (câu “{sentence}”); không xuất bản tệp "
          "âm thanh hỏng. Thử lại, hoặc dùng --engine espeak.")
OVER_SLOT = ("chương trình phát thanh dài {minutes} phút, quá khung {slot} phút "
             "(slot_minutes trong mkdocs.yml); bớt bài hoặc giảm số lần nhắc lại.")

# ---- fields, labels and playlist text ----------------------------------------------------------
FIELD = "phát thanh"  # the field named in problems about audio
FIELD_OF = "phát thanh {source}"
BODY = "nội dung"
PROGRESS = "Phát thanh"
VOICE = "{engine} {version}, giọng {voice}"
PLAYLIST_TITLE = "#PLAYLIST:{name} – {station}"
PROGRAMME_NAME = "Chương trình phát thanh"
PLAYLIST_TOTAL = "# Tổng thời lượng: {duration} ({seconds} giây)"
MINUTES_SECONDS = "{minutes} phút {seconds} giây"
SECONDS = "{seconds} giây"
MONEY = "{amount} đồng"
PROBE_SENTENCE = "xin chào"
WROTE = "đã ghi {path}"

# ---- engines ---------------------------------------------------------------------------------
ESPEAK_NO_START = "không khởi động được espeak-ng"
ESPEAK_NO_VOICE = "espeak-ng không có giọng {voice}"
ESPEAK_STATUS = "espeak-ng trả mã lỗi {status}"
GTTS_HTTP = "mã HTTP {status}"
GTTS_TIMEOUT = "mất kết nối hoặc quá thời gian chờ"
GTTS_EMPTY = "máy chủ trả về tệp rỗng"
GTTS_UNREADABLE = "âm thanh trả về không đọc được ({error})"

# ---- audio/lexicon.yaml ----------------------------------------------------------------------
LEXICON_NOT_MAPPING = ("tệp từ điển phải gồm các mục “abbreviations:”, “words:”, “web:”, mỗi "
                       "mục là các dòng “viết: đọc”.")
LEXICON_UNKNOWN_SECTION = ("mục “{name}” không có; chỉ dùng “abbreviations” (chữ viết tắt), "
                           "“words” (từ) hoặc “web” (địa chỉ trang web).")
LEXICON_SECTION_SHAPE = "mục này phải là các dòng “viết: đọc”, ví dụ “UBND: Ủy ban nhân dân”."
LEXICON_NOT_TEXT = "cách đọc của “{written}” phải là một đoạn chữ, ví dụ “UBND: Ủy ban nhân dân”."
LEXICON_EMPTY_KEY = ("dòng này thiếu chữ viết trước dấu hai chấm (cách đọc “{spoken}”); viết "
                     "chữ cần đọc rồi mới đến cách đọc, ví dụ “UBND: Ủy ban nhân dân”, hoặc "
                     "xóa dòng này.")
LEXICON_DIGITS = "cách đọc không được có chữ số; viết số bằng chữ, ví dụ “một trăm”."
LEXICON_WEB_PART = ("mục “web” chỉ nhận một phần của địa chỉ giữa hai dấu chấm, ví dụ "
                    "“dichvucong”.")
# ---- staff recordings ------------------------------------------------------------------------
RECORDING_UNREADABLE = ("không đọc được bản ghi “{path}” ({reason}); xuất lại bản ghi ra WAV, "
                        "MP3 hoặc OGG rồi thử lại.")
RECORDING_SILENT = ("bản ghi “{path}” im lặng hoặc quá nhỏ, không nghe được; ghi âm lại gần "
                    "micrô hơn.")
RECORDING_CLIPPED = ("bản ghi “{path}” bị vỡ tiếng ({share} % mẫu chạm mức tối đa); ghi âm lại "
                     "với mức thu nhỏ hơn hoặc đứng xa micrô hơn.")
RECORDING_TOO_LONG = ("bản ghi “{path}” dài {minutes} phút, quá khung phát {slot} phút "
                      "(slot_minutes trong mkdocs.yml); cắt ngắn bản ghi hoặc tăng slot_minutes.")
MACHINE_COMMENT = "Đọc bằng máy: {voice}"
RECORDED_COMMENT = "Bản ghi của cán bộ; lời mở đầu và kết đọc bằng máy: {voice}"

# ---- weekly schedule -----------------------------------------------------------------------
SLOT_NAME = "Lịch phát {day} {time}"
CALENDAR_NAME = "Lịch phát thanh – {station}"
EVENT_DESCRIPTION = "{station} phát bài này ({duration}). Tệp âm thanh: {clip}"
SLOT_OVERFLOW = ("{slot}: các bài {titles} không vừa khung {minutes} phút nên không có trong "
                 "danh sách phát; đặt priority nhỏ hơn (1 phát trước) cho bài cần phát, bớt "
                 "số lần nhắc lại, hoặc tăng slot_minutes.")
