#include "services/store/redaction.h"

#include <vector>

#include "civicase/v1/case.pb.h"

namespace civicase::store {

void RedactStoreInternals(google::protobuf::Message& answer) {
  const google::protobuf::Descriptor* type = answer.GetDescriptor();
  if (type == v1::Person::descriptor()) {
    static_cast<v1::Person&>(answer).clear_sealed_identity();
    return;
  }
  if (type == v1::Registration::descriptor()) {
    static_cast<v1::Registration&>(answer).clear_sealed_fields();
  } else if (type == v1::Case::descriptor()) {
    static_cast<v1::Case&>(answer).clear_filer_keys();
    static_cast<v1::Case&>(answer).clear_matter_key();
  } else if (type == v1::CaseRegistered::descriptor()) {
    static_cast<v1::CaseRegistered&>(answer).clear_filer_keys();
    static_cast<v1::CaseRegistered&>(answer).clear_matter_key();
  }
  const google::protobuf::Reflection* reflection = answer.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(answer, &fields);  // only the fields that are set
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      RedactStoreInternals(*reflection->MutableMessage(&answer, field));
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(answer, field); ++i) {
      RedactStoreInternals(*reflection->MutableRepeatedMessage(&answer, field, i));
    }
  }
}

}  // namespace civicase::store
